import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  caseStreamId,
  enforcementDecider,
  type CaseState,
  type EnforcementCommand,
  type EnforcementContext,
} from '@ledger/regulation/enforcement';
import { CommandExecutor, Facts, type CommandEnvelope } from '@ledger/core';

/** Any command on one case (违规处置): opening, 通报, 约谈, 行政处罚, annulment, closure. */
export class CaseCommand {
  constructor(
    readonly caseId: string,
    readonly command: EnforcementCommand,
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(CaseCommand)
export class CaseCommandHandler implements ICommandHandler<CaseCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ caseId, command, at, envelope }: CaseCommand) {
    return this.executor.execute({
      streamId: caseStreamId(caseId),
      decider: enforcementDecider,
      command,
      envelope,
      effectiveAt: at,
      context: (state: CaseState) => this.context(command, state, at),
    });
  }

  private async context(command: EnforcementCommand, state: CaseState, at: string): Promise<EnforcementContext> {
    if (command.type === 'OpenCase') return { at, enterpriseRegistered: await this.facts.enterpriseRegistered(command.data.uscc) };
    if (command.type !== 'ImposePenalty' || !state.opened) return { at };
    const uscc = state.opened.uscc;
    const names = (kind: 'licenceNumber' | 'numberId') => command.data.measures.some((m) => m[kind] !== undefined);
    return {
      at,
      licences: names('licenceNumber') ? await this.facts.licencesOf(uscc, at) : undefined,
      numbers: names('numberId') || command.data.measures.some((m) => m.type === 'number-reclamation') ? await this.facts.numbersOf(uscc) : undefined,
    };
  }
}

export const ENFORCEMENT_HANDLERS = [CaseCommandHandler];
