import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accessContractStreamId,
  accessDecider,
  assertCarrierActsForItself,
  refusalOf,
  type AccessCommand,
  type AccessContext,
  type AccessContractState,
} from '@ledger/regulation/access';
import { numberStatusAt } from '@ledger/regulation/consequences';
import { CommandExecutor, Facts, type CommandEnvelope, type CommandResponse } from '@ledger/core';
import { LedgerCommand, type Sent } from '../commands/ledger-command';

/** Any command on one access contract (接入协议). */
export class AccessContractCommand extends LedgerCommand<AccessCommand> {
  constructor(
    readonly contractId: string,
    command: AccessCommand,
    sent: Sent,
  ) {
    super(command, sent);
  }
}

@CommandHandler(AccessContractCommand)
export class AccessCommandHandler implements ICommandHandler<AccessContractCommand, CommandResponse> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ contractId, command, at, envelope }: AccessContractCommand) {
    return this.executor.execute({
      streamId: accessContractStreamId(contractId),
      decider: accessDecider,
      command,
      envelope,
      effectiveAt: at,
      context: (state: AccessContractState) => this.context(command, state, at, envelope),
      // 核实必要信息并留存记录: a failed check is recorded as AccessRefused, then answered 422.
      refusal: (events) => refusalOf(events as Parameters<typeof refusalOf>[0]),
    });
  }

  private async context(command: AccessCommand, state: AccessContractState, at: string, envelope: CommandEnvelope): Promise<AccessContext> {
    const carrier = command.type === 'SignAccessContract' ? command.data.carrier : state.carrier;
    if (carrier && isCarrierOnly(envelope)) assertCarrierActsForItself(envelope.actor.org ?? '', carrier);
    if (command.type !== 'SignAccessContract') return { at };
    const { uscc, numbers } = command.data;
    const licences = await this.facts.licencesOf(uscc, at);
    // A number's filing is in force while a licence of its holder allows it (the verification's date).
    const held = Object.entries(await this.facts.numbers(numbers)).map(([id, fact]) => [
      id,
      fact && fact.uscc === uscc ? { ...fact, status: numberStatusAt(fact.status, fact.province, licences) as typeof fact.status } : fact,
    ]);
    return {
      at,
      enterpriseRegistered: await this.facts.enterpriseRegistered(uscc),
      licences,
      numbers: Object.fromEntries(held),
      creditStanding: await this.facts.creditStanding(uscc, at),
    };
  }
}

/** Officers may act for any carrier; a carrier only for itself (docs/http-contract.md, Roles). */
function isCarrierOnly(envelope: CommandEnvelope): boolean {
  return envelope.actor.roles.includes('carrier') && !envelope.actor.roles.includes('officer');
}

export const ACCESS_HANDLERS = [AccessCommandHandler];
