import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { InspectionDrawView } from '@ledger/projections';
import { inspectionDrawStreamId, verifyDraw, type InspectionDrawConducted } from '@ledger/regulation/inspections';
import { ReadModels } from '@ledger/core';
import { effectiveInstant, envelopeFrom } from '../commands/command-envelope';
import { send } from '../commands/send';
import { IdPipe } from '../http/params';
import { TimeTravelQuery } from '../http/query';
import { describeBounds } from '../queries/licence.queries';
import { boundsFrom, boundsJson, TimeTravel, travels } from '../queries/time-travel';
import { InspectionDrawCommand } from './inspections.commands';
import { InspectionDrawDto } from './inspections.dto';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('v1/inspection-draws')
export class InspectionsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly readModels: ReadModels,
    private readonly timeTravel: TimeTravel,
  ) {}

  @Post()
  @Roles('officer')
  draw(@Body() body: InspectionDrawDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { seed, sampleSize, inspectors, inspectorsPerEnterprise, poolFilter } = body;
    const data = { drawId: body.drawId ?? randomUUID(), seed, sampleSize, inspectors, inspectorsPerEnterprise, poolFilter: poolFilter ? { ...poolFilter } : undefined };
    return send(this.bus, response, new InspectionDrawCommand({ type: 'ConductInspectionDraw', data }, effectiveInstant(envelope), envelope));
  }

  /** The draw with everything needed to reproduce it, and the ledger's own re-run of it. */
  @Get(':id')
  @Roles('officer', 'auditor')
  async get(@Param('id', new IdPipe()) id: string, @Query() query: TimeTravelQuery) {
    const position = await this.readModels.settle(['inspection-draws'], query.minPosition);
    const bounds = boundsFrom(query);
    const row = await this.readModels.dataSource.manager.findOneBy(InspectionDrawView, { drawId: id });
    if (!row) throw notFound(`No inspection draw ${id}.`);
    const data = row.data as InspectionDrawConducted['data'];
    const answer = { ...data, drawnAt: row.drawnAt.toISOString(), reproduced: verifyDraw(data) };
    if (!travels(bounds)) return { ...answer, position };
    // A draw is one event, never changed: in the past it either had been made or not.
    const drawn = await this.timeTravel.fold(inspectionDrawStreamId(id), 'inspections', () => false, () => true, bounds);
    if (!drawn.state) throw notFound(`No inspection draw ${id} ${describeBounds(bounds)}.`);
    return { ...answer, ...boundsJson(bounds, drawn.position) };
  }
}
