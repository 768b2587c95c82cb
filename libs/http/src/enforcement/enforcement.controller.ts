import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import type { EnforcementCommand } from '@ledger/regulation/enforcement';
import { effectiveInstant, envelopeFrom } from '../commands/command-envelope';
import { send } from '../commands/send';
import { IdPipe } from '../http/params';
import { TimeTravelQuery } from '../http/query';
import { CaseQueries } from '../queries/case.queries';
import { boundsFrom } from '../queries/time-travel';
import { CaseCommand } from './enforcement.commands';
import {
  AnnulmentDto,
  CaseListQuery,
  CircularDto,
  ClosureDto,
  ExposureDto,
  InterviewDto,
  NonPerformanceDto,
  OpenCaseDto,
  PenaltyDto,
  PerformanceDto,
  RectificationOrderDto,
  RectificationVerificationDto,
} from './enforcement.dto';
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

/** 违规处置: cases and their steps, each an event with its document number. */
@ApiTags('enforcement')
@ApiBearerAuth()
@Controller('v1/cases')
export class EnforcementController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: CaseQueries,
  ) {}

  @Command({ zh: '立案', en: 'Open a case' }, ALREADY_EXISTS, refusedBy('ENTERPRISE_NOT_REGISTERED', 'NOT_DRAWN', 'INVALID_DATE'))
  @Post()
  @Roles('officer')
  open(
    @Body() body: OpenCaseDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const caseId = body.caseId ?? randomUUID();
    const { uscc, carrier, origin, violation, summary, numbers, drawId } = body;
    return this.dispatch(
      caseId,
      { type: 'OpenCase', data: { caseId, uscc, carrier, origin, violation, summary, numbers, drawId } },
      body,
      principal,
      request,
      response,
    );
  }

  /** 通报 */
  @Command({ zh: '通报', en: 'Issue a circular' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/circulars')
  @Roles('officer')
  circular(
    @Param('id', new IdPipe()) id: string,
    @Body() body: CircularDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { issuedOn, summary, documentNo } = body;
    return this.dispatch(id, { type: 'IssueCircular', data: { issuedOn, summary, documentNo } }, body, principal, request, response, {
      field: 'issuedOn',
      value: issuedOn,
    });
  }

  /** 约谈 */
  @Command({ zh: '约谈', en: 'Record an interview' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/interviews')
  @Roles('officer')
  interview(
    @Param('id', new IdPipe()) id: string,
    @Body() body: InterviewDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { heldOn, attendees, minutes, commitments, documentNo } = body;
    const command: EnforcementCommand = { type: 'HoldInterview', data: { heldOn, attendees, minutes, commitments, documentNo } };
    return this.dispatch(id, command, body, principal, request, response, { field: 'heldOn', value: heldOn });
  }

  /** 曝光: an act of its own, not a penalty. */
  @Command({ zh: '曝光', en: 'Record an exposure' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/exposures')
  @Roles('officer')
  exposure(
    @Param('id', new IdPipe()) id: string,
    @Body() body: ExposureDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { exposedOn, channel, summary, documentNo } = body;
    const command: EnforcementCommand = { type: 'MakeExposure', data: { exposedOn, channel, summary, documentNo } };
    return this.dispatch(id, command, body, principal, request, response, { field: 'exposedOn', value: exposedOn });
  }

  /** 责令改正 / 限期整改: an act of its own, not a penalty. */
  @Command({ zh: '责令改正', en: 'Order rectification' }, NOT_FOUND, ALREADY_EXISTS, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/rectification-orders')
  @Roles('officer')
  rectificationOrder(
    @Param('id', new IdPipe()) id: string,
    @Body() body: RectificationOrderDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { orderedOn, deadline, requirements, documentNo } = body;
    const orderId = body.orderId ?? randomUUID();
    const command: EnforcementCommand = { type: 'OrderRectification', data: { orderId, orderedOn, deadline, requirements, documentNo } };
    return this.dispatch(id, command, body, principal, request, response, { field: 'orderedOn', value: orderedOn });
  }

  @Command({ zh: '核查整改情况', en: 'Verify a rectification' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/rectification-orders/:orderId/verification')
  @Roles('officer')
  verification(
    @Param('id', new IdPipe()) id: string,
    @Param('orderId', new IdPipe('orderId')) orderId: string,
    @Body() body: RectificationVerificationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { verifiedOn, result, findings } = body;
    const command: EnforcementCommand = { type: 'VerifyRectification', data: { orderId, verifiedOn, result, findings } };
    return this.dispatch(id, command, body, principal, request, response, { field: 'verifiedOn', value: verifiedOn });
  }

  /** 行政处罚 */
  @Command(
    { zh: '行政处罚', en: 'Impose a penalty' },
    NOT_FOUND,
    ALREADY_EXISTS,
    refusedBy('NOT_A_PENALTY', 'NOT_FOR_A_CARRIER', 'LICENCE_NOT_VALID', 'NUMBER_NOT_HELD', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post(':id/penalties')
  @Roles('officer')
  penalty(
    @Param('id', new IdPipe()) id: string,
    @Body() body: PenaltyDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { decidedOn, documentNo, legalBasis, measures, authority, performanceDeadline } = body;
    const penaltyId = body.penaltyId ?? randomUUID();
    const command: EnforcementCommand = {
      type: 'ImposePenalty',
      data: { penaltyId, decidedOn, documentNo, legalBasis, measures: measures.map((m) => ({ ...m })), authority, performanceDeadline },
    };
    return this.dispatch(id, command, body, principal, request, response, { field: 'decidedOn', value: decidedOn });
  }

  /** 履行完毕 */
  @Command(
    { zh: '处罚履行完毕', en: 'Record a penalty performed' },
    NOT_FOUND,
    refusedBy('NOT_A_PENALTY', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post(':id/penalties/:penaltyId/performance')
  @Roles('officer')
  performance(
    @Param('id', new IdPipe()) id: string,
    @Param('penaltyId', new IdPipe('penaltyId')) penaltyId: string,
    @Body() body: PerformanceDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { performedOn, evidence } = body;
    const command: EnforcementCommand = { type: 'RecordPenaltyPerformance', data: { penaltyId, performedOn, evidence } };
    return this.dispatch(id, command, body, principal, request, response, { field: 'performedOn', value: performedOn });
  }

  /** 逾期不履行: lists the enterprise on the dishonest list (the penalty process manager). */
  @Command(
    { zh: '逾期不履行', en: 'Record a penalty not performed by its deadline' },
    NOT_FOUND,
    refusedBy('NOT_A_PENALTY', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post(':id/penalties/:penaltyId/non-performance')
  @Roles('officer')
  nonPerformance(
    @Param('id', new IdPipe()) id: string,
    @Param('penaltyId', new IdPipe('penaltyId')) penaltyId: string,
    @Body() body: NonPerformanceDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const command: EnforcementCommand = { type: 'RecordPenaltyNonPerformance', data: { penaltyId, recordedOn: body.recordedOn } };
    return this.dispatch(id, command, body, principal, request, response, { field: 'recordedOn', value: body.recordedOn });
  }

  /** After reconsideration (行政复议) or a court ruling (行政诉讼). */
  @Command({ zh: '撤销处罚决定', en: 'Annul a penalty' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/penalties/:penaltyId/annulment')
  @Roles('officer')
  annul(
    @Param('id', new IdPipe()) id: string,
    @Param('penaltyId', new IdPipe('penaltyId')) penaltyId: string,
    @Body() body: AnnulmentDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { reason, decidedOn } = body;
    return this.dispatch(id, { type: 'AnnulPenalty', data: { penaltyId, reason, decidedOn } }, body, principal, request, response, {
      field: 'decidedOn',
      value: decidedOn,
    });
  }

  @Command({ zh: '结案', en: 'Close a case' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/closure')
  @Roles('officer')
  close(
    @Param('id', new IdPipe()) id: string,
    @Body() body: ClosureDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.dispatch(id, { type: 'CloseCase', data: { outcome: body.outcome } }, body, principal, request, response);
  }

  /** Cases by violation category, enterprise or carrier, and province (the enterprise's view lists one enterprise's). */
  @Operation({ zh: '案件列表', en: 'Cases by violation, enterprise or carrier, and province' })
  @Get()
  @Roles('officer', 'auditor')
  list(@Query() query: CaseListQuery) {
    return this.queries.list(query, boundsFrom(query));
  }

  @Operation({ zh: '案件', en: 'A case with all its steps' }, NOT_FOUND)
  @Get(':id')
  @Roles('officer', 'auditor')
  case(@Param('id', new IdPipe()) id: string, @Query() query: TimeTravelQuery) {
    return this.queries.case(id, query.minPosition, boundsFrom(query));
  }

  private dispatch(
    caseId: string,
    command: EnforcementCommand,
    body: object,
    principal: Principal,
    request: Request,
    response: Response,
    ownDate?: { field: string; value: string },
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(this.bus, response, new CaseCommand(caseId, command, effectiveInstant(envelope, ownDate), envelope));
  }
}
