import { randomUUID } from 'node:crypto';
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
import { CommandExecutor, Facts, LEDGER_CONFIG, type CommandEnvelope } from '@ledger/core';

export class SubmitLicenceApplicationCommand {
  constructor(
    readonly data: Omit<SubmitLicenceApplication['data'], 'applicationId'> & { applicationId?: string },
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

/** Acceptance, site inspection and decision on an application. */
export class ApplicationStepCommand {
  constructor(
    readonly applicationId: string,
    readonly command: Exclude<ApplicationCommand, SubmitLicenceApplication>,
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

/** Renewal, variation, suspension, reinstatement, revocation, withdrawal, cancellation, commitment verification. */
export class LicenceActCommand {
  constructor(
    readonly licenceNumber: string,
    readonly command: LicenceCommand,
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(SubmitLicenceApplicationCommand)
export class SubmitLicenceApplicationHandler implements ICommandHandler<SubmitLicenceApplicationCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  execute({ data, at, envelope }: SubmitLicenceApplicationCommand) {
    const applicationId = data.applicationId ?? randomUUID();
    return this.executor.execute({
      streamId: licenceApplicationStreamId(applicationId),
      decider: licensingDecider,
      command: { type: 'SubmitLicenceApplication', data: { ...data, applicationId } },
      envelope,
      effectiveAt: at,
      // One province: that province decides; several or nationwide: MIIT (domain.md §1).
      jurisdiction: () => [{ kind: 'coverage', coverage: data.coverage }],
      context: async (): Promise<LicensingContext> => ({
        at,
        enterpriseRegistered: await this.facts.enterpriseRegistered(data.uscc),
        creditStanding: await this.facts.creditStanding(data.uscc, at),
        fraudWithdrawals: await this.facts.fraudWithdrawalsOf(data.uscc),
        rules: this.config.licensingTerms,
      }),
    });
  }
}

@CommandHandler(ApplicationStepCommand)
export class ApplicationStepHandler implements ICommandHandler<ApplicationStepCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ applicationId, command, at, envelope }: ApplicationStepCommand) {
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
export class LicenceActHandler implements ICommandHandler<LicenceActCommand> {
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
function applicationSubjects(state: LicensingState, command: ApplicationStepCommand['command']): JurisdictionSubject[] {
  const subjects: JurisdictionSubject[] = [];
  const licenceNumber = state.licence?.licenceNumber;
  if (licenceNumber) subjects.push({ kind: 'licence', licenceNumber });
  else if (state.application) subjects.push({ kind: 'coverage', coverage: state.application.coverage });
  if (command.type === 'DecideApplication' && command.data.decision === 'granted' && command.data.licenceNumber) {
    subjects.push({ kind: 'licence', licenceNumber: command.data.licenceNumber });
  }
  return subjects;
}

export const LICENSING_HANDLERS = [SubmitLicenceApplicationHandler, ApplicationStepHandler, LicenceActHandler];
