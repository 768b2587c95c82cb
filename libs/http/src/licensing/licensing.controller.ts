import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { Sent } from '../commands/ledger-command';
import { IdPipe } from '../http/params';
import { TimeTravelQuery } from '../http/query';
import { LicenceQueries } from '../queries/licence.queries';
import { boundsFrom } from '../queries/time-travel';
import { LicenceActCommand, LicenceApplicationCommand } from './licensing.commands';
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
  submit(@Body() body: SubmitApplicationDto, @Sent() sent: Sent) {
    const command = body.command();
    return this.bus.execute(new LicenceApplicationCommand(command.data.applicationId, command, sent));
  }

  @Command(
    { zh: '受理或不予受理申请', en: 'Accept or not accept a licence application' },
    NOT_FOUND,
    refusedBy('INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licence-applications/:id/acceptance')
  @Roles('officer')
  acceptance(@Param('id', new IdPipe()) id: string, @Body() body: AcceptanceDto, @Sent() sent: Sent) {
    return this.bus.execute(new LicenceApplicationCommand(id, body.command(), sent));
  }

  /** 实地查验 */
  @Command({ zh: '记录实地查验', en: 'Record a site inspection' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licence-applications/:id/site-inspections')
  @Roles('officer')
  siteInspection(@Param('id', new IdPipe()) id: string, @Body() body: SiteInspectionDto, @Sent('inspectedOn') sent: Sent) {
    return this.bus.execute(new LicenceApplicationCommand(id, body.command(), sent));
  }

  @Command(
    { zh: '作出许可决定', en: 'Grant or refuse a licence' },
    NOT_FOUND,
    ALREADY_EXISTS,
    refusedBy('SITE_INSPECTION_REQUIRED', 'CREDIT_CONSTRAINT', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licence-applications/:id/decision')
  @Roles('officer')
  decision(@Param('id', new IdPipe()) id: string, @Body() body: DecisionDto, @Sent() sent: Sent) {
    return this.bus.execute(new LicenceApplicationCommand(id, body.command(), sent));
  }

  @Command(
    { zh: '许可延续', en: 'Renew a licence' },
    NOT_FOUND,
    refusedBy('RENEWAL_WINDOW', 'LICENCE_NOT_VALID', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licences/:no/renewals')
  @Roles('officer')
  renew(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: RenewalDto, @Sent() sent: Sent) {
    return this.bus.execute(new LicenceActCommand(no, body.command(), sent));
  }

  /** 变更 */
  @Command(
    { zh: '许可变更', en: 'Vary a licence' },
    NOT_FOUND,
    refusedBy('LICENCE_NOT_VALID', 'SITE_INSPECTION_REQUIRED', 'CREDIT_CONSTRAINT', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post('licences/:no/variations')
  @Roles('officer')
  vary(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: VariationDto, @Sent() sent: Sent) {
    return this.bus.execute(new LicenceActCommand(no, body.command(), sent));
  }

  @Command({ zh: '暂停许可', en: 'Suspend a licence' }, NOT_FOUND, refusedBy('LICENCE_NOT_VALID', 'INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/suspensions')
  @Roles('officer')
  suspend(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: SuspensionDto, @Sent('effectiveOn') sent: Sent) {
    return this.bus.execute(new LicenceActCommand(no, body.command(), sent));
  }

  @Command({ zh: '恢复许可', en: 'Reinstate a suspended licence' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/reinstatements')
  @Roles('officer')
  reinstate(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: LicenceActDto, @Sent('effectiveOn') sent: Sent) {
    return this.bus.execute(new LicenceActCommand(no, body.command('ReinstateLicence'), sent));
  }

  /** 吊销 */
  @Command({ zh: '吊销许可', en: 'Revoke a licence' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/revocations')
  @Roles('officer')
  revoke(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: LicenceActDto, @Sent('effectiveOn') sent: Sent) {
    return this.bus.execute(new LicenceActCommand(no, body.command('RevokeLicence'), sent));
  }

  /** 撤销: undoes a grant that should not have been made; not a penalty, unlike 吊销. */
  @Command({ zh: '撤销许可', en: 'Withdraw a licence (not a penalty)' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/withdrawal')
  @Roles('officer')
  withdraw(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: WithdrawalDto, @Sent('decidedOn') sent: Sent) {
    return this.bus.execute(new LicenceActCommand(no, body.command(), sent));
  }

  /** 注销 */
  @Command({ zh: '注销许可', en: 'Cancel a licence' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post('licences/:no/cancellations')
  @Roles('officer')
  cancel(@Param('no', new IdPipe('licenceNumber')) no: string, @Body() body: LicenceActDto, @Sent('effectiveOn') sent: Sent) {
    return this.bus.execute(new LicenceActCommand(no, body.command('CancelLicence'), sent));
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
    @Sent('verifiedOn') sent: Sent,
  ) {
    return this.bus.execute(new LicenceActCommand(no, body.command(), sent));
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
