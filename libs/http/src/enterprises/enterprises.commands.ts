import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import * as enterprises from '@ledger/regulation/enterprises';
import { CommandExecutor, type CommandResponse } from '@ledger/core';
import { LedgerCommand, type Sent } from '../commands/ledger-command';

/** Any command on one enterprise's record (企业档案): registration, self-inspections, annual reports. */
export class EnterpriseCommand extends LedgerCommand<enterprises.EnterpriseCommand> {
  constructor(
    readonly uscc: string,
    command: enterprises.EnterpriseCommand,
    sent: Sent,
  ) {
    super(command, sent);
  }
}

/** The enterprise's own stream; no enterprise rule reads another stream. */
@CommandHandler(EnterpriseCommand)
export class EnterpriseCommandHandler implements ICommandHandler<EnterpriseCommand, CommandResponse> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ uscc, command, at, envelope }: EnterpriseCommand) {
    return this.executor.execute({
      streamId: enterprises.enterpriseStreamId(uscc),
      decider: enterprises.enterpriseDecider,
      command,
      envelope,
      effectiveAt: at,
      context: () => ({ at }),
    });
  }
}

export const ENTERPRISE_HANDLERS = [EnterpriseCommandHandler];
