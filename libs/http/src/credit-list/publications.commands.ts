import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as publication from '@ledger/regulation/credit-list/publication';
import { CommandExecutor, type CommandResponse } from '@ledger/core';
import { LedgerCommand, type Sent } from '../commands/ledger-command';
import { PublicationFacts } from './publication.facts';

/** 公示 of one list for one quarter; the publication's stream is named by its authority, period and list. */
export class CreditPublicationCommand extends LedgerCommand<publication.CreditPublicationCommand> {
  constructor(command: publication.CreditPublicationCommand, sent: Sent) {
    super(command, sent);
  }
}

@CommandHandler(CreditPublicationCommand)
export class CreditPublicationCommandHandler implements ICommandHandler<CreditPublicationCommand, CommandResponse> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: PublicationFacts,
  ) {}

  execute({ command, at, envelope }: CreditPublicationCommand) {
    const { authority, period, list } = command.data;
    const quarter = publication.publicationPeriod(period);
    return this.executor.execute({
      streamId: publication.creditPublicationStreamId(publication.creditPublicationId(authority, period, list)),
      decider: publication.creditPublicationDecider,
      command,
      envelope,
      effectiveAt: at,
      // A period that names no quarter is refused by the decider; there is nothing to read for it.
      context: async (state) => ({ entries: quarter && !state.published ? await this.facts.listedOn(list, quarter.lastDay) : [] }),
    });
  }
}

export const CREDIT_PUBLICATION_PROVIDERS = [PublicationFacts, CreditPublicationCommandHandler];
