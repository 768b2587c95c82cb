import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { Sent } from '../commands/ledger-command';
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
  open(@Body() body: OpenCaseDto, @Sent() sent: Sent) {
    const command = body.command();
    return this.bus.execute(new CaseCommand(command.data.caseId, command, sent));
  }

  /** 通报 */
  @Command({ zh: '通报', en: 'Issue a circular' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/circulars')
  @Roles('officer')
  circular(@Param('id', new IdPipe()) id: string, @Body() body: CircularDto, @Sent('issuedOn') sent: Sent) {
    return this.bus.execute(new CaseCommand(id, body.command(), sent));
  }

  /** 约谈 */
  @Command({ zh: '约谈', en: 'Record an interview' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/interviews')
  @Roles('officer')
  interview(@Param('id', new IdPipe()) id: string, @Body() body: InterviewDto, @Sent('heldOn') sent: Sent) {
    return this.bus.execute(new CaseCommand(id, body.command(), sent));
  }

  /** 曝光: an act of its own, not a penalty. */
  @Command({ zh: '曝光', en: 'Record an exposure' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/exposures')
  @Roles('officer')
  exposure(@Param('id', new IdPipe()) id: string, @Body() body: ExposureDto, @Sent('exposedOn') sent: Sent) {
    return this.bus.execute(new CaseCommand(id, body.command(), sent));
  }

  /** 责令改正 / 限期整改: an act of its own, not a penalty. */
  @Command({ zh: '责令改正', en: 'Order rectification' }, NOT_FOUND, ALREADY_EXISTS, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/rectification-orders')
  @Roles('officer')
  rectificationOrder(@Param('id', new IdPipe()) id: string, @Body() body: RectificationOrderDto, @Sent('orderedOn') sent: Sent) {
    return this.bus.execute(new CaseCommand(id, body.command(), sent));
  }

  @Command({ zh: '核查整改情况', en: 'Verify a rectification' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/rectification-orders/:orderId/verification')
  @Roles('officer')
  verification(
    @Param('id', new IdPipe()) id: string,
    @Param('orderId', new IdPipe('orderId')) orderId: string,
    @Body() body: RectificationVerificationDto,
    @Sent('verifiedOn') sent: Sent,
  ) {
    return this.bus.execute(new CaseCommand(id, body.command(orderId), sent));
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
  penalty(@Param('id', new IdPipe()) id: string, @Body() body: PenaltyDto, @Sent('decidedOn') sent: Sent) {
    return this.bus.execute(new CaseCommand(id, body.command(), sent));
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
    @Sent('performedOn') sent: Sent,
  ) {
    return this.bus.execute(new CaseCommand(id, body.command(penaltyId), sent));
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
    @Sent('recordedOn') sent: Sent,
  ) {
    return this.bus.execute(new CaseCommand(id, body.command(penaltyId), sent));
  }

  /** After reconsideration (行政复议) or a court ruling (行政诉讼). */
  @Command({ zh: '撤销处罚决定', en: 'Annul a penalty' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/penalties/:penaltyId/annulment')
  @Roles('officer')
  annul(
    @Param('id', new IdPipe()) id: string,
    @Param('penaltyId', new IdPipe('penaltyId')) penaltyId: string,
    @Body() body: AnnulmentDto,
    @Sent('decidedOn') sent: Sent,
  ) {
    return this.bus.execute(new CaseCommand(id, body.command(penaltyId), sent));
  }

  @Command({ zh: '结案', en: 'Close a case' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/closure')
  @Roles('officer')
  close(@Param('id', new IdPipe()) id: string, @Body() body: ClosureDto, @Sent() sent: Sent) {
    return this.bus.execute(new CaseCommand(id, body.command(), sent));
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
}
