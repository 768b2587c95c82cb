import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LedgerConfig } from '@ledger/platform';
import { creditEntryStreamId, creditListDecider, type CreditListCommand, type CreditListContext } from '@ledger/regulation/credit-list';
import { CommandExecutor, Facts, LEDGER_CONFIG, type CommandResponse } from '@ledger/core';
import { LedgerCommand, type Sent } from '../commands/ledger-command';

/** Any command on one credit-list entry (不良名单 / 失信名单): listing, removal. */
export class CreditEntryCommand extends LedgerCommand<CreditListCommand> {
  constructor(
    readonly entryId: string,
    command: CreditListCommand,
    sent: Sent,
  ) {
    super(command, sent);
  }
}

@CommandHandler(CreditEntryCommand)
export class CreditEntryCommandHandler implements ICommandHandler<CreditEntryCommand, CommandResponse> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  execute({ entryId, command, at, envelope }: CreditEntryCommand) {
    return this.executor.execute({
      streamId: creditEntryStreamId(entryId),
      decider: creditListDecider,
      command,
      envelope,
      effectiveAt: at,
      context: async (): Promise<CreditListContext> =>
        command.type === 'AddCreditListEntry'
          ? {
              at,
              enterpriseRegistered: await this.facts.enterpriseRegistered(command.data.uscc),
              basis: command.data.basis ? await this.facts.listingBasis(command.data.basis.eventId, command.data.uscc) : null,
              terms: this.config.creditTerms,
            }
          : { at, terms: this.config.creditTerms },
    });
  }
}

export const CREDIT_LIST_HANDLERS = [CreditEntryCommandHandler];
