import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  numberingDecider,
  numberStreamId,
  type NumberingCommand,
  type NumberingContext,
  type NumberState,
} from '@ledger/regulation/numbering';
import { enterpriseStreamId } from '@ledger/regulation/enterprises';
import { CommandExecutor, Facts, type CommandResponse } from '@ledger/core';
import { LedgerCommand, type Sent } from '../commands/ledger-command';

/** Any command on one number; the number id is `95123` or `110000-96123`. */
export class NumberCommand extends LedgerCommand<NumberingCommand> {
  constructor(
    readonly numberId: string,
    command: NumberingCommand,
    sent: Sent,
  ) {
    super(command, sent);
  }
}

@CommandHandler(NumberCommand)
export class NumberCommandHandler implements ICommandHandler<NumberCommand, CommandResponse> {
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
      // 95 numbers are MIIT's, `<province>-96…` that province's (docs/domain.md §1).
      jurisdiction: () => [{ kind: 'number', numberId }],
      context: (state: NumberState) => this.context(command, state, at),
      // Registered, once true, stays true: assumed, and required of the enterprise's stream by the append.
      assumed: () =>
        command.type === 'AllocateNumber'
          ? { context: { at, enterpriseRegistered: true }, requires: [enterpriseStreamId(command.data.uscc)] }
          : null,
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
