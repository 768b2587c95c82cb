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
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

@ApiTags('licensing')
@ApiBearerAuth()
@Controller('v1')
export class LicensingController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: LicenceQueries,
  ) {}

  @Command(
    { zh: '提交经营许可申请', en: 'Submit a licence application' },
    ALREADY_EXISTS,
    refusedBy(
      'ENTERPRISE_NOT_REGISTERED',
      'MARKETING_OUTBOUND_FORBIDDEN',
      'COMMITMENT_PATH_NOT_ELIGIBLE',
      'WITHDRAWAL_BAR',
      'CREDIT_CONSTRAINT',
      'INVALID_DATE',
    ),
  )
  @Post('licence-applications')
  @Roles('officer')
  submit(
    @Body() body: SubmitApplicationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { uscc, scope, coverage, serviceModel, approvalPath, freeTradeZone, commitments, applicationId } = body;
    const data = { applicationId, uscc, scope, coverage, serviceModel, approvalPath, freeTradeZone, commitments: { ...commitments } };
    return send(this.bus, response, new SubmitLicenceApplicationCommand(data, effectiveInstant(envelope), envelope));
  }

  @Command(
    { zh: '受理或不予受理申请', en: 'Accept or not accept a licence application' },
    NOT_FOUND,
    refusedBy('INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licence-applications/:id/acceptance')
  @Roles('officer')
  acceptance(
    @Param('id', new IdPipe()) id: string,
    @Body() body: AcceptanceDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const command = { type: 'DecideAcceptance' as const, data: { decision: body.decision, reason: body.reason } };
    return send(this.bus, response, new ApplicationStepCommand(id, command, effectiveInstant(envelope), envelope));
  }

  /** 实地查验 */
  @Command({ zh: '记录实地查验', en: 'Record a site inspection' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licence-applications/:id/site-inspections')
  @Roles('officer')
  siteInspection(
    @Param('id', new IdPipe()) id: string,
    @Body() body: SiteInspectionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { inspectedOn, inspectors, result, findings } = body;
    const command = { type: 'RecordSiteInspection' as const, data: { inspectedOn, inspectors, result, findings } };
    return send(
      this.bus,
      response,
      new ApplicationStepCommand(id, command, effectiveInstant(envelope, { field: 'inspectedOn', value: inspectedOn }), envelope),
    );
  }

  @Command(
    { zh: '作出许可决定', en: 'Grant or refuse a licence' },
    NOT_FOUND,
    ALREADY_EXISTS,
    refusedBy('SITE_INSPECTION_REQUIRED', 'CREDIT_CONSTRAINT', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licence-applications/:id/decision')
  @Roles('officer')
  decision(
    @Param('id', new IdPipe()) id: string,
    @Body() body: DecisionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { decision, licenceNumber, validFrom, validUntil, reason } = body;
    const command = { type: 'DecideApplication' as const, data: { decision, licenceNumber, validFrom, validUntil, reason } };
    return send(this.bus, response, new ApplicationStepCommand(id, command, effectiveInstant(envelope), envelope));
  }

  @Command(
    { zh: '许可延续', en: 'Renew a licence' },
    NOT_FOUND,
    refusedBy('RENEWAL_WINDOW', 'LICENCE_NOT_VALID', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licences/:no/renewals')
  @Roles('officer')
  renew(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: RenewalDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.licenceAct(no, { type: 'RenewLicence', data: { validUntil: body.validUntil } }, body, principal, request, response);
  }

  /** 变更 */
  @Command(
    { zh: '许可变更', en: 'Vary a licence' },
    NOT_FOUND,
    refusedBy('LICENCE_NOT_VALID', 'SITE_INSPECTION_REQUIRED', 'CREDIT_CONSTRAINT', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licences/:no/variations')
  @Roles('officer')
  vary(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: VariationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { coverage, serviceModel, name } = body;
    return this.licenceAct(no, { type: 'VaryLicence', data: { coverage, serviceModel, name } }, body, principal, request, response);
  }

  @Command({ zh: '暂停许可', en: 'Suspend a licence' }, NOT_FOUND, refusedBy('LICENCE_NOT_VALID', 'INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/suspensions')
  @Roles('officer')
  suspend(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: SuspensionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const command: LicenceCommand = { type: 'SuspendLicence', data: { reason: body.reason, until: body.until ?? null } };
    return this.licenceAct(no, command, body, principal, request, response, { field: 'effectiveOn', value: body.effectiveOn });
  }

  @Command({ zh: '恢复许可', en: 'Reinstate a suspended licence' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/reinstatements')
  @Roles('officer')
  reinstate(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: LicenceActDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.standingAct('ReinstateLicence', no, body, principal, request, response);
  }

  /** 吊销 */
  @Command({ zh: '吊销许可', en: 'Revoke a licence' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/revocations')
  @Roles('officer')
  revoke(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: LicenceActDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.standingAct('RevokeLicence', no, body, principal, request, response);
  }

  /** 撤销: undoes a grant that should not have been made; not a penalty, unlike 吊销. */
  @Command({ zh: '撤销许可', en: 'Withdraw a licence (not a penalty)' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/withdrawal')
  @Roles('officer')
  withdraw(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: WithdrawalDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { decidedOn, reason, fraud } = body;
    const command: LicenceCommand = { type: 'WithdrawLicence', data: { decidedOn, reason, fraud } };
    return this.licenceAct(no, command, body, principal, request, response, { field: 'decidedOn', value: decidedOn });
  }

  /** 注销 */
  @Command({ zh: '注销许可', en: 'Cancel a licence' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/cancellations')
  @Roles('officer')
  cancel(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: LicenceActDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
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
  @Command(
    { zh: '告知承诺核查', en: 'Record the verification of a commitment-path grant' },
    NOT_FOUND,
    refusedBy('INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licences/:no/commitment-verifications')
  @Roles('officer')
  verifyCommitments(
    @Param('no', new IdPipe('licenceNumber')) no: string,
    @Body() body: CommitmentVerificationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
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

  @Operation({ zh: '许可申请', en: 'A licence application: its stage and outcome' }, NOT_FOUND)
  @Get('licence-applications/:id')
  @Roles('officer', 'auditor')
  application(@Param('id', new IdPipe()) id: string, @Query() query: TimeTravelQuery) {
    return this.queries.application(id, query.minPosition, boundsFrom(query));
  }

  @Operation({ zh: '许可证', en: 'A licence and its status' }, NOT_FOUND)
  @Get('licences/:no')
  @Roles('officer', 'auditor', 'carrier', 'operator')
  licence(@Param('no', new IdPipe('licenceNumber')) no: string, @CurrentPrincipal() principal: Principal, @Query() query: TimeTravelQuery) {
    return this.queries.licence(no, principal, query.minPosition, boundsFrom(query));
  }

  @Operation({ zh: '许可证列表', en: 'Licences by status, province or enterprise' })
  @Get('licences')
  @Roles('officer', 'auditor', 'carrier', 'operator')
  licences(@Query() query: LicenceListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal, boundsFrom(query));
  }
}
