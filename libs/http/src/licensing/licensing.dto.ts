import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type {
  CancelLicence,
  DecideAcceptance,
  DecideApplication,
  RecordCommitmentVerification,
  RecordSiteInspection,
  ReinstateLicence,
  RenewLicence,
  RevokeLicence,
  SubmitLicenceApplication,
  SuspendLicence,
  VaryLicence,
  WithdrawLicence,
} from '@ledger/regulation/licensing';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';
import { OneOf, Province, TimeTravelPageQuery, Uscc } from '../http/query';
import { LICENCE_STATUSES } from '../queries/licence.queries';

export class CommitmentsDto {
  @ApiProperty({ description: 'The Notice: a licence never covers commercial marketing outbound calls. Must be true.' })
  @IsBoolean()
  noMarketingOutbound!: boolean;
}

export class SubmitApplicationDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @ApiProperty()
  @IsUscc()
  uscc!: string;

  @ApiProperty({ enum: ['domestic', 'offshore'] })
  @IsIn(['domestic', 'offshore'])
  scope!: 'domestic' | 'offshore';

  @ApiProperty({ type: [String], example: ['nationwide'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @Matches(/^(nationwide|\d{6})$/, { each: true, message: 'coverage entries must be "nationwide" or six-digit province codes' })
  coverage!: string[];

  @ApiProperty({ enum: ['operated', 'seat-rental', 'system-rental'] })
  @IsIn(['operated', 'seat-rental', 'system-rental'])
  serviceModel!: 'operated' | 'seat-rental' | 'system-rental';

  @ApiProperty({ enum: ['standard', 'commitment'] })
  @IsIn(['standard', 'commitment'])
  approvalPath!: 'standard' | 'commitment';

  @ApiPropertyOptional({ description: 'The free-trade pilot zone (告知承诺 path)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  freeTradeZone?: string;

  @ApiProperty({ type: CommitmentsDto })
  @IsDefined()
  @IsObject() // ValidateNested alone also takes an array of such objects
  @ValidateNested()
  @Type(() => CommitmentsDto)
  commitments!: CommitmentsDto;

  /** Without an `applicationId` the application is given one. */
  command(): SubmitLicenceApplication {
    const { applicationId, uscc, scope, coverage, serviceModel, approvalPath, freeTradeZone, commitments } = this;
    return {
      type: 'SubmitLicenceApplication',
      data: {
        applicationId: applicationId ?? randomUUID(),
        uscc,
        scope,
        coverage,
        serviceModel,
        approvalPath,
        freeTradeZone,
        commitments: { ...commitments },
      },
    };
  }
}

export class AcceptanceDto extends CommandDto {
  @ApiProperty({ enum: ['accepted', 'not-accepted'] })
  @IsIn(['accepted', 'not-accepted'])
  decision!: 'accepted' | 'not-accepted';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  command(): DecideAcceptance {
    return { type: 'DecideAcceptance', data: { decision: this.decision, reason: this.reason } };
  }
}

export class SiteInspectionDto extends CommandDto {
  @ApiProperty({ example: '2020-09-01' })
  @IsDateOnly()
  inspectedOn!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  inspectors!: string[];

  @ApiProperty({ enum: ['passed', 'failed'] })
  @IsIn(['passed', 'failed'])
  result!: 'passed' | 'failed';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  findings?: string[];

  command(): RecordSiteInspection {
    const { inspectedOn, inspectors, result, findings } = this;
    return { type: 'RecordSiteInspection', data: { inspectedOn, inspectors, result, findings } };
  }
}

export class DecisionDto extends CommandDto {
  @ApiProperty({ enum: ['granted', 'refused'] })
  @IsIn(['granted', 'refused'])
  decision!: 'granted' | 'refused';

  @ApiPropertyOptional({ example: 'B2-20201234' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  licenceNumber?: string;

  @ApiPropertyOptional({ example: '2020-10-01' })
  @IsOptional()
  @IsDateOnly()
  validFrom?: string;

  @ApiPropertyOptional({ example: '2025-09-30' })
  @IsOptional()
  @IsDateOnly()
  validUntil?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  command(): DecideApplication {
    const { decision, licenceNumber, validFrom, validUntil, reason } = this;
    return { type: 'DecideApplication', data: { decision, licenceNumber, validFrom, validUntil, reason } };
  }
}

export class RenewalDto extends CommandDto {
  @ApiProperty({ example: '2030-09-30' })
  @IsDateOnly()
  validUntil!: string;

  command(): RenewLicence {
    return { type: 'RenewLicence', data: { validUntil: this.validUntil } };
  }
}

export class VariationDto extends CommandDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @Matches(/^(nationwide|\d{6})$/, { each: true, message: 'coverage entries must be "nationwide" or six-digit province codes' })
  coverage?: string[];

  @ApiPropertyOptional({ enum: ['operated', 'seat-rental', 'system-rental'] })
  @IsOptional()
  @IsIn(['operated', 'seat-rental', 'system-rental'])
  serviceModel?: 'operated' | 'seat-rental' | 'system-rental';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  command(): VaryLicence {
    const { coverage, serviceModel, name } = this;
    return { type: 'VaryLicence', data: { coverage, serviceModel, name } };
  }
}

/** Suspension, reinstatement, revocation, cancellation: a reason, and the day the act takes effect. */
abstract class StandingActDto extends CommandDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ example: '2021-03-01' })
  @IsOptional()
  @IsDateOnly()
  effectiveOn?: string;
}

export class LicenceActDto extends StandingActDto {
  command(type: 'ReinstateLicence' | 'RevokeLicence' | 'CancelLicence'): ReinstateLicence | RevokeLicence | CancelLicence {
    return { type, data: { reason: this.reason } };
  }
}

/** 暂停, or 责令停业整顿 for a period: `until` is its last day, after which the licence is in force again. */
export class SuspensionDto extends StandingActDto {
  @ApiPropertyOptional({ example: '2021-06-30' })
  @IsOptional()
  @IsDateOnly()
  until?: string;

  command(): SuspendLicence {
    return { type: 'SuspendLicence', data: { reason: this.reason, until: this.until ?? null } };
  }
}

/** 撤销: `documentNo` (the decision's document number) is read by the envelope, as for every command. */
export class WithdrawalDto extends CommandDto {
  @ApiProperty({ example: '2021-03-01' })
  @IsDateOnly()
  decidedOn!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ description: 'Obtained by fraud (以欺骗等不正当手段取得): bars new applications of the enterprise for a term.' })
  @IsBoolean()
  fraud!: boolean;

  command(): WithdrawLicence {
    const { decidedOn, reason, fraud } = this;
    return { type: 'WithdrawLicence', data: { decidedOn, reason, fraud } };
  }
}

export class CommitmentVerificationDto extends CommandDto {
  @ApiProperty({ example: '2020-12-01' })
  @IsDateOnly()
  verifiedOn!: string;

  @ApiProperty({ enum: ['passed', 'failed'] })
  @IsIn(['passed', 'failed'])
  result!: 'passed' | 'failed';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  findings?: string[];

  command(): RecordCommitmentVerification {
    const { verifiedOn, result, findings } = this;
    return { type: 'RecordCommitmentVerification', data: { verifiedOn, result, findings } };
  }
}

export class LicenceListQuery extends TimeTravelPageQuery {
  @OneOf(LICENCE_STATUSES)
  status?: (typeof LICENCE_STATUSES)[number];

  @Province()
  province?: string;

  @Uscc()
  uscc?: string;
}
