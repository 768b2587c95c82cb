import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { inspectionDrawStreamId, inspectionsDecider, type ConductInspectionDraw } from '@ledger/regulation/inspections';
import { CommandExecutor, Facts, type CommandEnvelope } from '@ledger/core';

export class InspectionDrawCommand {
  constructor(
    readonly command: ConductInspectionDraw,
    readonly at: string,
    readonly envelope: CommandEnvelope,
  ) {}
}

@CommandHandler(InspectionDrawCommand)
export class InspectionDrawHandler implements ICommandHandler<InspectionDrawCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ command, at, envelope }: InspectionDrawCommand) {
    const filter = (command.data.poolFilter ?? {}) as { province?: string; licensedOnly?: boolean };
    return this.executor.execute({
      streamId: inspectionDrawStreamId(command.data.drawId),
      decider: inspectionsDecider,
      command,
      envelope,
      effectiveAt: at,
      context: async () => ({ at, pool: await this.facts.inspectionPool(filter, at) }),
    });
  }
}

export const INSPECTION_HANDLERS = [InspectionDrawHandler];
