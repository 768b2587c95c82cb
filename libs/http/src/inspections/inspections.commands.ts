import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  inspectionDrawStreamId,
  inspectionsDecider,
  type InspectionCommand,
  type InspectionContext,
  type InspectionDrawState,
} from '@ledger/regulation/inspections';
import { isAuthority, type JurisdictionSubject } from '@ledger/regulation/shared';
import { CommandExecutor, Facts, type CommandEnvelope, type CommandResponse } from '@ledger/core';
import { LedgerCommand, type Sent } from '../commands/ledger-command';

/** Any command on one draw (双随机): conducting it, and recording what each inspection found. */
export class InspectionDrawCommand extends LedgerCommand<InspectionCommand> {
  constructor(command: InspectionCommand, sent: Sent) {
    super(command, sent);
  }
}

@CommandHandler(InspectionDrawCommand)
export class InspectionDrawCommandHandler implements ICommandHandler<InspectionDrawCommand, CommandResponse> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: Facts,
  ) {}

  execute({ command, at, envelope }: InspectionDrawCommand) {
    return this.executor.execute({
      streamId: inspectionDrawStreamId(command.data.drawId),
      decider: inspectionsDecider,
      command,
      envelope,
      effectiveAt: at,
      jurisdiction: (state) => drawSubjects(command, state),
      context: () => this.context(command, at, envelope),
    });
  }

  private async context(command: InspectionCommand, at: string, envelope: CommandEnvelope): Promise<InspectionContext> {
    if (command.type === 'ConductInspectionDraw') {
      // The executor has refused an officer without an authority before asking for the context.
      const authority = envelope.actor.org;
      if (!isAuthority(authority)) throw new Error('A draw needs the drawing authority from the officer token.');
      return { at, authority, licences: await this.facts.licencesIssuedBy(authority, at) };
    }
    const { caseId } = command.data;
    return { at, ...(command.data.outcome === 'case-opened' && caseId ? { inspectedCase: await this.facts.inspectedCase(caseId) } : {}) };
  }
}

/** An outcome is recorded by the authority that drew; the draw itself names nothing another authority issued. */
function drawSubjects(command: InspectionCommand, state: InspectionDrawState): JurisdictionSubject[] {
  if (command.type !== 'RecordInspectionOutcome' || !state.draw) return [];
  return [{ kind: 'inspection-draw', drawId: state.draw.drawId, authority: state.draw.authority }];
}

export const INSPECTION_HANDLERS = [InspectionDrawCommandHandler];
