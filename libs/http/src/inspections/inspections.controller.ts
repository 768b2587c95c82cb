import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { InspectionDrawView } from '@ledger/projections';
import {
  inspectionDrawStreamId,
  inspectionsDecider,
  verifyDraw,
  type InspectionDrawState,
  type InspectionEvent,
} from '@ledger/regulation/inspections';
import { ReadModels } from '@ledger/core';
import { Sent } from '../commands/ledger-command';
import { IdPipe } from '../http/params';
import { TimeTravelQuery } from '../http/query';
import { describeBounds } from '../queries/licence.queries';
import { boundsFrom, boundsJson, TimeTravel, travels } from '../queries/time-travel';
import { InspectionDrawCommand } from './inspections.commands';
import { DrawListQuery, InspectionDrawDto, InspectionOutcomeDto } from './inspections.dto';
import { InspectionQueries } from '../queries/inspection.queries';
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('v1/inspection-draws')
export class InspectionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly readModels: ReadModels,
    private readonly timeTravel: TimeTravel,
    private readonly queries: InspectionQueries,
  ) {}

  @Command({ zh: '双随机抽查', en: 'Conduct an inspection draw' }, ALREADY_EXISTS, refusedBy('INVALID_DATE'))
  @Post()
  @Roles('officer')
  draw(@Body() body: InspectionDrawDto, @Sent() sent: Sent) {
    return this.bus.execute(new InspectionDrawCommand(body.command(), sent));
  }

  /** What the inspection of one drawn enterprise found: compliant, findings, or the case it opened. */
  @Command(
    { zh: '记录抽查结果', en: 'Record an inspection outcome' },
    NOT_FOUND,
    ALREADY_EXISTS,
    refusedBy('NOT_DRAWN', 'UNRELATED_CASE', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post(':id/outcomes')
  @Roles('officer')
  outcome(@Param('id', new IdPipe()) id: string, @Body() body: InspectionOutcomeDto, @Sent('inspectedOn') sent: Sent) {
    return this.bus.execute(new InspectionDrawCommand(body.command(id), sent));
  }

  /** The draw with everything needed to reproduce it, the ledger's own re-run of it, and each inspection's outcome. */
  @Operation({ zh: '双随机抽查列表', en: 'Inspection draws, newest first, with how many inspections have an outcome' })
  @Get()
  @Roles('officer', 'auditor')
  list(@Query() query: DrawListQuery) {
    return this.queries.draws(query, boundsFrom(query));
  }

  @Operation({ zh: '抽查', en: 'An inspection draw, its re-run and outcomes' }, NOT_FOUND)
  @Get(':id')
  @Roles('officer', 'auditor')
  async get(@Param('id', new IdPipe()) id: string, @Query() query: TimeTravelQuery) {
    const position = await this.readModels.settle(['inspection-draws'], query.minPosition);
    const bounds = boundsFrom(query);
    if (!travels(bounds)) {
      const row = await this.readModels.dataSource.manager.findOneBy(InspectionDrawView, { drawId: id });
      if (!row) throw notFound(`No inspection draw ${id}.`);
      return { ...drawAnswer(row.state as InspectionDrawState), position };
    }
    const folded = await this.timeTravel.fold<InspectionDrawState, InspectionEvent>(
      inspectionDrawStreamId(id),
      'inspections-v2',
      inspectionsDecider.initialState,
      inspectionsDecider.evolve,
      bounds,
    );
    if (!folded.state.draw) throw notFound(`No inspection draw ${id} ${describeBounds(bounds)}.`);
    return { ...drawAnswer(folded.state), ...boundsJson(bounds, folded.position) };
  }
}

/** The recorded draw, its re-run, and per drawn enterprise (in draw order) its outcome, `pending` until one is recorded. */
function drawAnswer(state: InspectionDrawState) {
  const draw = state.draw as NonNullable<InspectionDrawState['draw']>;
  const inspections = draw.result.map(({ uscc, inspectors }) => {
    const recorded = state.outcomes[uscc];
    return recorded
      ? {
          uscc,
          inspectors,
          outcome: recorded.outcome,
          findings: recorded.findings,
          caseId: recorded.caseId,
          inspectedOn: recorded.inspectedOn,
        }
      : { uscc, inspectors, outcome: 'pending' as const, findings: null, caseId: null, inspectedOn: null };
  });
  const pending = inspections.filter((inspection) => inspection.outcome === 'pending').length;
  return { ...draw, reproduced: verifyDraw(draw), inspections, outcomesPending: pending };
}
