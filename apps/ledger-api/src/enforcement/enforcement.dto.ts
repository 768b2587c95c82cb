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
  ValidateNested,
} from 'class-validator';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';

const NUMBER_ID = /^(\d{6}-)?9[56]\d{3,4}$/;
const TEXT = 10_000;

export class OpenCaseDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiProperty()
  @IsUscc()
  uscc!: string;

  @ApiProperty({ enum: ['complaint', 'inspection', 'referral', 'monitoring'] })
  @IsIn(['complaint', 'inspection', 'referral', 'monitoring'])
  origin!: 'complaint' | 'inspection' | 'referral' | 'monitoring';

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
}

export class MeasureDto {
  @ApiProperty({ enum: ['warning', 'fine', 'confiscation', 'rectification-order', 'licence-revocation', 'number-reclamation', 'exposure'] })
  @IsIn(['warning', 'fine', 'confiscation', 'rectification-order', 'licence-revocation', 'number-reclamation', 'exposure'])
  type!: 'warning' | 'fine' | 'confiscation' | 'rectification-order' | 'licence-revocation' | 'number-reclamation' | 'exposure';

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e12)
  amountCny?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateOnly()
  deadline?: string;

  @ApiPropertyOptional({ description: 'For licence-revocation: the licence; default every licence in force' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  licenceNumber?: string;

  @ApiPropertyOptional({ description: "For number-reclamation: the number; default the case's numbers" })
  @IsOptional()
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

  @ApiPropertyOptional({ example: '北京市通信管理局' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  authority?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}/, { message: 'effectiveAt must be a date or date-time' })
  effectiveAt?: string;
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
}

export class ClosureDto extends CommandDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  outcome!: string;
}
