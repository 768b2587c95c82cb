import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerConfig } from '@ledger/platform';
import {
  licenceApplicationStreamId,
  licensingDecider,
  type ApplicationCommand,
  type LicenceCommand,
  type LicensingContext,
  type LicensingState,
  type SubmitLicenceApplication,
} from '@ledger/regulation/licensing';
import { RuleViolation, type JurisdictionSubject } from '@ledger/regulation/shared';
import { CommandExecutor, Facts, LEDGER_CONFIG, type CommandEnvelope, type CommandResponse } from '@ledger/core';
import { LedgerCommand, type Sent } from '../commands/ledger-command';

/** Submission, acceptance, site inspection and decision on a licence application. */
export class LicenceApplicationCommand extends LedgerCommand<ApplicationCommand> {
  constructor(
    readonly applicationId: string,
    command: ApplicationCommand,
    sent: Sent,
  ) {
    super(command, sent);
  }
}

/** Renewal, variation, suspension, reinstatement, revocation, withdrawal, cancellation, commitment verification. */
export class LicenceActCommand extends LedgerCommand<LicenceCommand> {
  constructor(
    readonly licenceNumber: string,
    command: LicenceCommand,
    sent: Sent,
  ) {
    super(command, sent);
  }
}

type ApplicationStep = Exclude<ApplicationCommand, SubmitLicenceApplication>;

@CommandHandler(LicenceApplicationCommand)
export class LicenceApplicationHandler implements ICommandHandler<LicenceApplicationCommand, CommandResponse> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  execute({ applicationId, command, at, envelope }: LicenceApplicationCommand) {
    return command.type === 'SubmitLicenceApplication'
      ? this.submit(command, at, envelope)
      : this.step(applicationId, command, at, envelope);
  }

  private submit(command: SubmitLicenceApplication, at: string, envelope: CommandEnvelope) {
    const { applicationId, uscc, coverage } = command.data;
    return this.executor.execute({
      streamId: licenceApplicationStreamId(applicationId),
      decider: licensingDecider,
      command,
      envelope,
      effectiveAt: at,
      // One province: that province decides; several or nationwide: MIIT (docs/domain.md §1).
      jurisdiction: () => [{ kind: 'coverage', coverage }],
      context: async (): Promise<LicensingContext> => ({
        at,
        enterpriseRegistered: await this.facts.enterpriseRegistered(uscc),
        creditStanding: await this.facts.creditStanding(uscc, at),
        fraudWithdrawals: await this.facts.fraudWithdrawalsOf(uscc),
        rules: this.config.licensingTerms,
      }),
    });
  }

  private step(applicationId: string, command: ApplicationStep, at: string, envelope: CommandEnvelope) {
    return this.executor.execute({
      streamId: licenceApplicationStreamId(applicationId),
      decider: licensingDecider,
      command,
      envelope,
      effectiveAt: at,
      jurisdiction: (state: LicensingState) => applicationSubjects(state, command),
      context: async (state: LicensingState): Promise<LicensingContext> => {
        if (command.type !== 'DecideApplication' || !state.application) return { at };
        const number = command.data.licenceNumber;
        return {
          at,
          licenceNumberTaken: number ? await this.facts.licenceNumberTaken(number) : false,
          creditStanding: await this.facts.creditStanding(state.application.uscc, at),
        };
      },
    });
  }
}

@CommandHandler(LicenceActCommand)
export class LicenceActHandler implements ICommandHandler<LicenceActCommand, CommandResponse> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ licenceNumber, command, at, envelope }: LicenceActCommand) {
    const applicationId = await this.facts.applicationIdOfLicence(licenceNumber);
    if (!applicationId) throw new RuleViolation('NOT_FOUND', `No licence numbered ${licenceNumber} has been granted.`);
    return this.executor.execute({
      streamId: licenceApplicationStreamId(applicationId),
      decider: licensingDecider,
      command,
      envelope,
      effectiveAt: at,
      jurisdiction: () => [{ kind: 'licence', licenceNumber }],
      context: async (state: LicensingState): Promise<LicensingContext> => {
        if (command.type === 'RenewLicence') return { at, rules: this.config.licensingTerms };
        // Provinces a variation adds are judged like a grant's, on the holder's credit standing.
        if (command.type === 'VaryLicence' && command.data.coverage && state.application) {
          return { at, creditStanding: await this.facts.creditStanding(state.application.uscc, at) };
        }
        return { at };
      },
    });
  }
}

/**
 * An application is decided by the authority of the coverage applied for; a grant also names a
 * licence number, which must be one that authority issues (MIIT `B2-…`, Beijing `京B2-…`). Once
 * granted, the stream is the licence's: its steps (a site inspection before a widening) follow the
 * licence number.
 */
function applicationSubjects(state: LicensingState, command: ApplicationStep): JurisdictionSubject[] {
  const subjects: JurisdictionSubject[] = [];
  const licenceNumber = state.licence?.licenceNumber;
  if (licenceNumber) subjects.push({ kind: 'licence', licenceNumber });
  else if (state.application) subjects.push({ kind: 'coverage', coverage: state.application.coverage });
  if (command.type === 'DecideApplication' && command.data.decision === 'granted' && command.data.licenceNumber) {
    subjects.push({ kind: 'licence', licenceNumber: command.data.licenceNumber });
  }
  return subjects;
}

export const LICENSING_HANDLERS = [LicenceApplicationHandler, LicenceActHandler];
