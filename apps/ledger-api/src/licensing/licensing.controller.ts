import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import type { LicenceCommand } from '@ledger/regulation/licensing';
import { effectiveInstant, envelopeFrom } from '../commands/command-envelope';
import { send } from '../commands/send';
import { IdPipe } from '../http/params';
import { TimeTravelQuery } from '../http/query';
import { LicenceQueries } from '../queries/licence.queries';
import { boundsFrom } from '../queries/time-travel';
import { ApplicationStepCommand, LicenceActCommand, SubmitLicenceApplicationCommand } from './licensing.commands';
import {
  AcceptanceDto,
  CommitmentVerificationDto,
  DecisionDto,
  LicenceActDto,
  SuspensionDto,
  LicenceListQuery,
  RenewalDto,
  SiteInspectionDto,
  SubmitApplicationDto,
  VariationDto,
  WithdrawalDto,
} from './licensing.dto';

@ApiTags('licensing')
@ApiBearerAuth()
@Controller('v1')
export class LicensingController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: LicenceQueries,
  ) {}

  @Post('licence-applications')
  @Roles('officer')
  submit(@Body() body: SubmitApplicationDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { uscc, scope, coverage, serviceModel, approvalPath, freeTradeZone, commitments, applicationId } = body;
    const data = { applicationId, uscc, scope, coverage, serviceModel, approvalPath, freeTradeZone, commitments: { ...commitments } };
    return send(this.bus, response, new SubmitLicenceApplicationCommand(data, effectiveInstant(envelope), envelope));
  }

  @Post('licence-applications/:id/acceptance')
  @Roles('officer')
  acceptance(@Param('id', new IdPipe()) id: string, @Body() body: AcceptanceDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const command = { type: 'DecideAcceptance' as const, data: { decision: body.decision, reason: body.reason } };
    return send(this.bus, response, new ApplicationStepCommand(id, command, effectiveInstant(envelope), envelope));
  }

  /** 实地查验 */
  @Post('licence-applications/:id/site-inspections')
  @Roles('officer')
  siteInspection(@Param('id', new IdPipe()) id: string, @Body() body: SiteInspectionDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { inspectedOn, inspectors, result, findings } = body;
    const command = { type: 'RecordSiteInspection' as const, data: { inspectedOn, inspectors, result, findings } };
    return send(this.bus, response, new ApplicationStepCommand(id, command, effectiveInstant(envelope, { field: 'inspectedOn', value: inspectedOn }), envelope));
  }

  @Post('licence-applications/:id/decision')
  @Roles('officer')
  decision(@Param('id', new IdPipe()) id: string, @Body() body: DecisionDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { decision, licenceNumber, validFrom, validUntil, reason } = body;
    const command = { type: 'DecideApplication' as const, data: { decision, licenceNumber, validFrom, validUntil, reason } };
    return send(this.bus, response, new ApplicationStepCommand(id, command, effectiveInstant(envelope), envelope));
  }

  @Post('licences/:no/renewals')
  @Roles('officer')
  renew(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: RenewalDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.licenceAct(no, { type: 'RenewLicence', data: { validUntil: body.validUntil } }, body, principal, request, response);
  }

  /** 变更 */
  @Post('licences/:no/variations')
  @Roles('officer')
  vary(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: VariationDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { coverage, serviceModel, name } = body;
    return this.licenceAct(no, { type: 'VaryLicence', data: { coverage, serviceModel, name } }, body, principal, request, response);
  }

  @Post('licences/:no/suspensions')
  @Roles('officer')
  suspend(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: SuspensionDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const command: LicenceCommand = { type: 'SuspendLicence', data: { reason: body.reason, until: body.until ?? null } };
    return this.licenceAct(no, command, body, principal, request, response, { field: 'effectiveOn', value: body.effectiveOn });
  }

  @Post('licences/:no/reinstatements')
  @Roles('officer')
  reinstate(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: LicenceActDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.standingAct('ReinstateLicence', no, body, principal, request, response);
  }

  /** 吊销 */
  @Post('licences/:no/revocations')
  @Roles('officer')
  revoke(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: LicenceActDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.standingAct('RevokeLicence', no, body, principal, request, response);
  }

  /** 撤销: undoes a grant that should not have been made; not a penalty, unlike 吊销. */
  @Post('licences/:no/withdrawal')
  @Roles('officer')
  withdraw(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: WithdrawalDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { decidedOn, reason, fraud } = body;
    const command: LicenceCommand = { type: 'WithdrawLicence', data: { decidedOn, reason, fraud } };
    return this.licenceAct(no, command, body, principal, request, response, { field: 'decidedOn', value: decidedOn });
  }

  /** 注销 */
  @Post('licences/:no/cancellations')
  @Roles('officer')
  cancel(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: LicenceActDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.standingAct('CancelLicence', no, body, principal, request, response);
  }

  private standingAct(
    type: 'ReinstateLicence' | 'RevokeLicence' | 'CancelLicence',
    no: string,
    body: LicenceActDto,
    principal: Principal,
    request: Request,
    response: Response,
  ) {
    const command = { type, data: { reason: body.reason } } as LicenceCommand;
    return this.licenceAct(no, command, body, principal, request, response, { field: 'effectiveOn', value: body.effectiveOn });
  }

  /** 告知承诺: the check after a commitment-path grant; a failure withdraws the licence (撤销). */
  @Post('licences/:no/commitment-verifications')
  @Roles('officer')
  verifyCommitments(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: CommitmentVerificationDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { verifiedOn, result, findings } = body;
    const command: LicenceCommand = { type: 'RecordCommitmentVerification', data: { verifiedOn, result, findings } };
    return this.licenceAct(no, command, body, principal, request, response, { field: 'verifiedOn', value: verifiedOn });
  }

  private licenceAct(
    no: string,
    command: LicenceCommand,
    body: object,
    principal: Principal,
    request: Request,
    response: Response,
    ownDate?: { field: string; value: string | undefined },
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(this.bus, response, new LicenceActCommand(no, command, effectiveInstant(envelope, ownDate), envelope));
  }

  @Get('licence-applications/:id')
  @Roles('officer', 'auditor')
  application(@Param('id', new IdPipe()) id: string, @Query() query: TimeTravelQuery) {
    return this.queries.application(id, query.minPosition, boundsFrom(query));
  }

  @Get('licences/:no')
  @Roles('officer', 'auditor', 'carrier', 'operator')
  licence(@Param('no', new IdPipe('licenceNumber')) no: string, @CurrentPrincipal() principal: Principal, @Query() query: TimeTravelQuery) {
    return this.queries.licence(no, principal, query.minPosition, boundsFrom(query));
  }

  @Get('licences')
  @Roles('officer', 'auditor', 'carrier', 'operator')
  licences(@Query() query: LicenceListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal, boundsFrom(query));
  }
}
