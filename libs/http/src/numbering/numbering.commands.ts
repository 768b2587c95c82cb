import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  numberingDecider,
  numberStreamId,
  type NumberingCommand,
  type NumberingContext,
  type NumberState,
} from '@ledger/regulation/numbering';
import { CommandExecutor, Facts, type CommandEnvelope } from '@ledger/core';

/** Any command on one number; the number id is `95123` or `110000-96123`. */
export class NumberCommand {
  constructor(
    readonly numberId: string,
    readonly command: NumberingCommand,
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(NumberCommand)
export class NumberCommandHandler implements ICommandHandler<NumberCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ numberId, command, at, envelope }: NumberCommand) {
    return this.executor.execute({
      streamId: numberStreamId(numberId),
      decider: numberingDecider,
      command,
      envelope,
      effectiveAt: at,
      // 95 numbers are MIIT's, `<province>-96…` that province's (domain.md §1).
      jurisdiction: () => [{ kind: 'number', numberId }],
      context: (state: NumberState) => this.context(command, state, at),
    });
  }

  private async context(command: NumberingCommand, state: NumberState, at: string): Promise<NumberingContext> {
    switch (command.type) {
      case 'AllocateNumber':
        return { at, enterpriseRegistered: await this.facts.enterpriseRegistered(command.data.uscc) };
      case 'FileNumber': {
        if (!state.holder) return { at, holderLicences: [], creditStanding: { bad: false, dishonest: false } };
        return {
          at,
          holderLicences: await this.facts.licencesOf(state.holder, at),
          creditStanding: await this.facts.creditStanding(state.holder, at),
        };
      }
      case 'ReclaimNumber':
      case 'StopNumberFiling':
      case 'ResumeNumberFiling':
        return { at };
    }
  }
}

export const NUMBERING_HANDLERS = [NumberCommandHandler];
