import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  creditPublicationDecider,
  creditPublicationId,
  creditPublicationStreamId,
  publicationPeriod,
  type PublishCreditList,
} from '@ledger/regulation/credit-list/publication';
import { CommandExecutor, type CommandEnvelope } from '@ledger/core';
import { PublicationFacts } from './publication.facts';

export class PublishCreditListCommand {
  constructor(
    readonly command: PublishCreditList,
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(PublishCreditListCommand)
export class PublishCreditListHandler implements ICommandHandler<PublishCreditListCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: PublicationFacts,
  ) {}

  execute({ command, at, envelope }: PublishCreditListCommand) {
    const { authority, period, list } = command.data;
    const quarter = publicationPeriod(period);
    return this.executor.execute({
      streamId: creditPublicationStreamId(creditPublicationId(authority, period, list)),
      decider: creditPublicationDecider,
      command,
      envelope,
      effectiveAt: at,
      // A period that names no quarter is refused by the decider; there is nothing to read for it.
      context: async (state) => ({ entries: quarter && !state.published ? await this.facts.listedOn(list, quarter.lastDay) : [] }),
    });
  }
}

export const CREDIT_PUBLICATION_PROVIDERS = [PublicationFacts, PublishCreditListHandler];
