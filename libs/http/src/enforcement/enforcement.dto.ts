import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CARRIERS, isCarrierCode, isValidUscc, type CarrierCode } from '@ledger/regulation/shared';
import {
  CASE_VIOLATIONS,
  PENALTY_MEASURE_TYPES,
  type AnnulPenalty,
  type CaseViolation,
  type CloseCase,
  type HoldInterview,
  type ImposePenalty,
  type IssueCircular,
  type MakeExposure,
  type OpenCase,
  type OrderRectification,
  type RecordPenaltyNonPerformance,
  type RecordPenaltyPerformance,
  type VerifyRectification,
} from '@ledger/regulation/enforcement';
import { CommandDto, IsDateOnly } from '../commands/common.dto';
import { OneOf, Province, TimeTravelPageQuery, Uscc } from '../http/query';

/**
 * Accepted by validation only to be refused by the decider with NOT_A_PENALTY, pointing to the
 * endpoints that record them (docs/http-contract.md): a 400 would not say where they go instead.
 */
const MEASURE_TYPES_ACCEPTED = [...PENALTY_MEASURE_TYPES, 'rectification-order', 'exposure'] as const;
type MeasureTypeAccepted = (typeof MEASURE_TYPES_ACCEPTED)[number];

const NUMBER_ID = /^(\d{6}-)?9[56]\d{3,4}$/;

/**
 * A case is about one party (docs/domain.md §5): an enterprise (uscc) or a carrier (carrier). Both
 * fields carry it, so that naming both or neither is reported under each of them.
 */
const OneParty = (field: 'uscc' | 'carrier', valid: (value: string) => boolean, shape: string) =>
  ValidateBy({
    name: 'oneParty',
    validator: {
      validate: (value: unknown, args) => {
        const { uscc, carrier } = args?.object as OpenCaseDto;
        if ((uscc === undefined) === (carrier === undefined)) return false;
        return value === undefined || (typeof value === 'string' && valid(value));
      },
      defaultMessage: (args) => {
        const { uscc, carrier } = args?.object as OpenCaseDto;
        if (uscc === undefined && carrier === undefined)
          return `${field}: a case is about an enterprise (uscc) or a carrier (carrier); give one of them`;
        if (uscc !== undefined && carrier !== undefined) return `${field}: a case is about one party; give uscc or carrier, not both`;
        return shape;
      },
    },
  });
const TEXT = 10_000;

export class OpenCaseDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: 'The enterprise the case is about; exactly one of uscc and carrier' })
  @OneParty(
    'uscc',
    isValidUscc,
    'uscc must be a unified social credit code: 18 characters of the GB 32100 alphabet ending in its check character',
  )
  uscc?: string;

  @ApiPropertyOptional({ enum: CARRIERS, description: 'The carrier (基础电信企业) the case is about; exactly one of uscc and carrier' })
  @OneParty('carrier', isCarrierCode, `carrier must be one of ${CARRIERS.join(', ')}`)
  carrier?: CarrierCode;

  @ApiProperty({ enum: ['complaint', 'inspection', 'referral', 'monitoring'] })
  @IsIn(['complaint', 'inspection', 'referral', 'monitoring'])
  origin!: 'complaint' | 'inspection' | 'referral' | 'monitoring';

  @ApiPropertyOptional({ enum: CASE_VIOLATIONS, description: "What the case is about; 'other' when not given" })
  @IsOptional()
  @IsIn(CASE_VIOLATIONS)
  violation?: CaseViolation;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(NUMBER_ID, { each: true, message: 'numbers must be number ids such as 95123 or 110000-96123' })
  numbers?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The 双随机 draw whose inspection of the enterprise led to the case' })
  @IsOptional()
  @IsUUID()
  drawId?: string;

  /** The case's id is the one sent, or a new one: the case's stream is named by it. */
  command(): OpenCase {
    const { uscc, carrier, origin, violation, summary, numbers, drawId } = this;
    return { type: 'OpenCase', data: { caseId: this.caseId ?? randomUUID(), uscc, carrier, origin, violation, summary, numbers, drawId } };
  }
}

/** 通报 */
export class CircularDto extends CommandDto {
  @ApiProperty({ example: '2021-01-10' })
  @IsDateOnly()
  issuedOn!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary!: string;

  command(): IssueCircular {
    const { issuedOn, summary, documentNo } = this;
    return { type: 'IssueCircular', data: { issuedOn, summary, documentNo } };
  }
}

/** 约谈 */
export class InterviewDto extends CommandDto {
  @ApiProperty({ example: '2021-01-20' })
  @IsDateOnly()
  heldOn!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  attendees!: string[];

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  minutes!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  commitments?: string[];

  command(): HoldInterview {
    const { heldOn, attendees, minutes, commitments, documentNo } = this;
    return { type: 'HoldInterview', data: { heldOn, attendees, minutes, commitments, documentNo } };
  }
}

export class MeasureDto {
  @ApiProperty({
    enum: PENALTY_MEASURE_TYPES,
    description: 'rectification-order and exposure are refused (422 NOT_A_PENALTY): record them as acts of their own',
  })
  @IsIn(MEASURE_TYPES_ACCEPTED)
  type!: MeasureTypeAccepted;

  @ApiPropertyOptional({ description: 'fine (required, > 0) and confiscation' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e12)
  amountCny?: number;

  @ApiPropertyOptional({ description: 'business-suspension (required): first day of the period' })
  @ValidateIf((m: MeasureDto) => m.type === 'business-suspension' || m.from !== undefined)
  @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ description: 'business-suspension (required): last day of the period' })
  @ValidateIf((m: MeasureDto) => m.type === 'business-suspension' || m.until !== undefined)
  @IsDateOnly()
  until?: string;

  @ApiPropertyOptional({ description: 'licence-revocation (required): the licence revoked' })
  @ValidateIf((m: MeasureDto) => m.type === 'licence-revocation' || m.licenceNumber !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  licenceNumber?: string;

  @ApiPropertyOptional({ description: 'number-reclamation (required): the number reclaimed' })
  @ValidateIf((m: MeasureDto) => m.type === 'number-reclamation' || m.numberId !== undefined)
  @Matches(NUMBER_ID, { message: 'numberId must be a number id such as 95123 or 110000-96123' })
  numberId?: string;
}

/** 行政处罚: one decision, with its document number and legal basis, and its measures. */
export class PenaltyDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  penaltyId?: string;

  @ApiProperty({ example: '2021-02-01' })
  @IsDateOnly()
  decidedOn!: string;

  @ApiProperty({ example: '京通信罚〔2021〕1号' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  documentNo!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  legalBasis!: string[];

  @ApiProperty({ type: [MeasureDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true }) // ValidateNested alone also takes nested arrays of measures
  @ValidateNested({ each: true })
  @Type(() => MeasureDto)
  measures!: MeasureDto[];

  @ApiPropertyOptional({ example: '2021-03-01', description: 'The date by which the decision must be carried out' })
  @IsOptional()
  @IsDateOnly()
  performanceDeadline?: string;

  @ApiPropertyOptional({ example: '北京市通信管理局' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  authority?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}/, { message: 'effectiveAt must be a date or date-time' })
  effectiveAt?: string;

  command(): ImposePenalty {
    const { decidedOn, documentNo, legalBasis, measures, authority, performanceDeadline } = this;
    return {
      type: 'ImposePenalty',
      data: {
        penaltyId: this.penaltyId ?? randomUUID(),
        decidedOn,
        documentNo,
        legalBasis,
        measures: measures.map((m) => ({ ...m })),
        authority,
        performanceDeadline,
      },
    };
  }
}

export class AnnulmentDto extends CommandDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason!: string;

  @ApiProperty({ example: '2021-06-01' })
  @IsDateOnly()
  decidedOn!: string;

  command(penaltyId: string): AnnulPenalty {
    const { reason, decidedOn } = this;
    return { type: 'AnnulPenalty', data: { penaltyId, reason, decidedOn } };
  }
}

export class ClosureDto extends CommandDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  outcome!: string;

  command(): CloseCase {
    return { type: 'CloseCase', data: { outcome: this.outcome } };
  }
}

const texts = (max: number) => [
  IsArray(),
  ArrayMaxSize(100),
  IsString({ each: true }),
  MinLength(1, { each: true }),
  MaxLength(max, { each: true }),
];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

/** 曝光: not a penalty. */
export class ExposureDto extends CommandDto {
  @ApiProperty({ example: '2021-01-15' })
  @IsDateOnly()
  exposedOn!: string;

  @ApiProperty({ example: '工业和信息化部网站' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  channel!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  summary!: string;

  command(): MakeExposure {
    const { exposedOn, channel, summary, documentNo } = this;
    return { type: 'MakeExposure', data: { exposedOn, channel, summary, documentNo } };
  }
}

/** 责令改正 / 限期整改: not a penalty. */
export class RectificationOrderDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orderId?: string;

  @ApiProperty({ example: '2021-01-15' })
  @IsDateOnly()
  orderedOn!: string;

  @ApiProperty({ example: '2021-02-15' })
  @IsDateOnly()
  deadline!: string;

  @ApiProperty({ type: [String] })
  @apply(...texts(2000))
  @ArrayMinSize(1)
  requirements!: string[];

  command(): OrderRectification {
    const { orderedOn, deadline, requirements, documentNo } = this;
    return { type: 'OrderRectification', data: { orderId: this.orderId ?? randomUUID(), orderedOn, deadline, requirements, documentNo } };
  }
}

export class RectificationVerificationDto extends CommandDto {
  @ApiProperty({ example: '2021-02-16' })
  @IsDateOnly()
  verifiedOn!: string;

  @ApiProperty({ enum: ['done', 'not-done'] })
  @IsIn(['done', 'not-done'])
  result!: 'done' | 'not-done';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @apply(...texts(2000))
  findings?: string[];

  command(orderId: string): VerifyRectification {
    const { verifiedOn, result, findings } = this;
    return { type: 'VerifyRectification', data: { orderId, verifiedOn, result, findings } };
  }
}

/** 履行完毕 */
export class PerformanceDto extends CommandDto {
  @ApiProperty({ example: '2021-03-20' })
  @IsDateOnly()
  performedOn!: string;

  @ApiPropertyOptional({ type: [String], description: 'e.g. the payment receipt number' })
  @IsOptional()
  @apply(...texts(2000))
  evidence?: string[];

  command(penaltyId: string): RecordPenaltyPerformance {
    const { performedOn, evidence } = this;
    return { type: 'RecordPenaltyPerformance', data: { penaltyId, performedOn, evidence } };
  }
}

/** 逾期不履行 */
export class NonPerformanceDto extends CommandDto {
  @ApiProperty({ example: '2021-04-02' })
  @IsDateOnly()
  recordedOn!: string;

  command(penaltyId: string): RecordPenaltyNonPerformance {
    return { type: 'RecordPenaltyNonPerformance', data: { penaltyId, recordedOn: this.recordedOn } };
  }
}

/** GET /v1/cases: by what the case is about, whose it is (an enterprise or a carrier), and where it is registered. */
export class CaseListQuery extends TimeTravelPageQuery {
  @OneOf(CASE_VIOLATIONS)
  violation?: CaseViolation;

  @Uscc()
  uscc?: string;

  @OneOf(CARRIERS)
  carrier?: CarrierCode;

  @Province()
  province?: string;
}
