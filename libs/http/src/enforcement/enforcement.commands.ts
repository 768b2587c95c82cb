import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  caseStreamId,
  enforcementDecider,
  type CaseState,
  type EnforcementCommand,
  type EnforcementContext,
} from '@ledger/regulation/enforcement';
import { CommandExecutor, Facts, type CommandEnvelope, type CommandResponse } from '@ledger/core';
import { authorityDisplayName, isAuthority, type JurisdictionSubject } from '@ledger/regulation/shared';
import { LedgerCommand, type Sent } from '../commands/ledger-command';

/** Any command on one case (违规处置): opening, 通报, 约谈, 行政处罚, annulment, closure. */
export class CaseCommand extends LedgerCommand<EnforcementCommand> {
  constructor(
    readonly caseId: string,
    command: EnforcementCommand,
    sent: Sent,
  ) {
    super(command, sent);
  }
}

@CommandHandler(CaseCommand)
export class CaseCommandHandler implements ICommandHandler<CaseCommand, CommandResponse> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ caseId, command: sent, at, envelope }: CaseCommand) {
    const command = withDecidingAuthority(sent, envelope);
    return this.executor.execute({
      streamId: caseStreamId(caseId),
      decider: enforcementDecider,
      command,
      envelope,
      effectiveAt: at,
      jurisdiction: () => penaltySubjects(command),
      context: (state: CaseState) => this.context(command, state, at),
    });
  }

  private async context(command: EnforcementCommand, state: CaseState, at: string): Promise<EnforcementContext> {
    if (command.type === 'OpenCase') {
      const { uscc, drawId } = command.data;
      const draw = drawId === undefined ? {} : { draw: await this.facts.caseDraw(drawId) };
      return uscc === undefined ? { at, ...draw } : { at, enterpriseRegistered: await this.facts.enterpriseRegistered(uscc), ...draw };
    }
    // A carrier holds no licence or number for a measure to name: the decider refuses those measures (NOT_FOR_A_CARRIER).
    if (command.type !== 'ImposePenalty' || !state.opened || state.opened.uscc === null) return { at };
    const uscc = state.opened.uscc;
    const names = (kind: 'licenceNumber' | 'numberId') => command.data.measures.some((m) => m[kind] !== undefined);
    return {
      at,
      licences: names('licenceNumber') ? await this.facts.licencesOf(uscc, at) : undefined,
      numbers:
        names('numberId') || command.data.measures.some((m) => m.type === 'number-reclamation')
          ? await this.facts.numbersOf(uscc)
          : undefined,
    };
  }
}

/**
 * A penalty acts on the licences and numbers its measures name (a revocation's licence, a
 * reclamation's number): each must be within the deciding authority's jurisdiction. Cases,
 * circulars, interviews, annulments and closures name nothing an authority issued.
 */
function penaltySubjects(command: EnforcementCommand): JurisdictionSubject[] {
  if (command.type !== 'ImposePenalty') return [];
  return command.data.measures.flatMap((m): JurisdictionSubject[] => [
    ...(m.licenceNumber ? [{ kind: 'licence' as const, licenceNumber: m.licenceNumber }] : []),
    ...(m.numberId ? [{ kind: 'number' as const, numberId: m.numberId }] : []),
  ]);
}

/** The penalty records its deciding authority from the token (metadata.org); a body without a name gets the authority's. */
function withDecidingAuthority(command: EnforcementCommand, envelope: CommandEnvelope): EnforcementCommand {
  const org = envelope.actor.org;
  if (command.type !== 'ImposePenalty' || command.data.authority || !isAuthority(org)) return command;
  return { ...command, data: { ...command.data, authority: authorityDisplayName(org) } };
}

export const ENFORCEMENT_HANDLERS = [CaseCommandHandler];
