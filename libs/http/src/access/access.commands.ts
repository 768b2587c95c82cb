import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accessContractStreamId,
  accessDecider,
  assertCarrierActsForItself,
  refusalOf,
  type AccessCommand,
  type AccessContext,
  type AccessContractState,
  type SignAccessContract,
} from '@ledger/regulation/access';
import { numberStatusAt } from '@ledger/regulation/consequences';
import { CommandExecutor, Facts, type CommandEnvelope } from '@ledger/core';

export class AccessCommandRequest {
  constructor(
    readonly contractId: string | undefined,
    readonly command: AccessCommand,
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(AccessCommandRequest)
export class AccessCommandHandler implements ICommandHandler<AccessCommandRequest> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ contractId, command, at, envelope }: AccessCommandRequest) {
    const id = contractId ?? randomUUID();
    const decided: AccessCommand =
      command.type === 'SignAccessContract' ? ({ ...command, data: { ...command.data, contractId: id } } as SignAccessContract) : command;
    return this.executor.execute({
      streamId: accessContractStreamId(id),
      decider: accessDecider,
      command: decided,
      envelope,
      effectiveAt: at,
      context: (state: AccessContractState) => this.context(decided, state, at, envelope),
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

/** Officers may act for any carrier; a carrier only for itself (api.md, Roles). */
function isCarrierOnly(envelope: CommandEnvelope): boolean {
  return envelope.actor.roles.includes('carrier') && !envelope.actor.roles.includes('officer');
}

export const ACCESS_HANDLERS = [AccessCommandHandler];
