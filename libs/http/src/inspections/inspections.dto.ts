import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  INSPECTION_OUTCOMES,
  type ConductInspectionDraw,
  type InspectionOutcome,
  type RecordInspectionOutcome,
} from '@ledger/regulation/inspections';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';
import { Authority, TimeTravelPageQuery } from '../http/query';

export class PoolFilterDto {
  @ApiPropertyOptional({ example: '110000', description: "Only the drawing authority's licensees registered in this province" })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'province must be a six-digit GB/T 2260 code' })
  province?: string;

  /** Accepted as sent by clients of the pool before it was the authority's licensees; it changes nothing. */
  @ApiPropertyOptional({ enum: [true], description: "Every draw is of the drawing authority's licensees; false is refused" })
  @IsOptional()
  @Equals(true, {
    message: "licensedOnly can only be true: the pool is the drawing authority's licensees, and an unlicensed enterprise is never drawn",
  })
  licensedOnly?: true;
}

/** 双随机: random enterprises, random inspectors, reproducible from what is recorded. */
export class InspectionDrawDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  drawId?: string;

  @ApiProperty({ description: 'Any string; anyone can re-run the draw from it' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  seed!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(100_000)
  sampleSize!: number;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  inspectors!: string[];

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(20)
  inspectorsPerEnterprise!: number;

  @ApiPropertyOptional({ type: PoolFilterDto })
  @IsOptional()
  @IsObject() // ValidateNested alone also takes an array of such objects
  @ValidateNested()
  @Type(() => PoolFilterDto)
  poolFilter?: PoolFilterDto;

  /** The draw's id is the one sent, or a new one: the draw's stream is named by it. */
  command(): ConductInspectionDraw {
    const { seed, sampleSize, inspectors, inspectorsPerEnterprise, poolFilter } = this;
    return {
      type: 'ConductInspectionDraw',
      data: {
        drawId: this.drawId ?? randomUUID(),
        seed,
        sampleSize,
        inspectors,
        inspectorsPerEnterprise,
        poolFilter: poolFilter?.province ? { province: poolFilter.province } : undefined,
      },
    };
  }
}

/** What the inspection of one drawn enterprise found. */
export class InspectionOutcomeDto extends CommandDto {
  @ApiProperty()
  @IsUscc()
  uscc!: string;

  @ApiProperty({ enum: INSPECTION_OUTCOMES })
  @IsIn(INSPECTION_OUTCOMES)
  outcome!: InspectionOutcome;

  @ApiPropertyOptional({ description: 'What was found: required for, and only for, outcome findings' })
  @ValidateIf((o: InspectionOutcomeDto) => o.outcome === 'findings' || o.findings !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  findings?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The case the inspection opened: required for, and only for, outcome case-opened' })
  @ValidateIf((o: InspectionOutcomeDto) => o.outcome === 'case-opened' || o.caseId !== undefined)
  @IsUUID()
  caseId?: string;

  @ApiProperty({ example: '2021-04-20' })
  @IsDateOnly()
  inspectedOn!: string;

  command(drawId: string): RecordInspectionOutcome {
    const { uscc, outcome, findings, caseId, inspectedOn } = this;
    return { type: 'RecordInspectionOutcome', data: { drawId, uscc, outcome, findings, caseId, inspectedOn } };
  }
}

/** GET /v1/inspection-draws: the draws, newest first, of one drawing authority or all. */
export class DrawListQuery extends TimeTravelPageQuery {
  @Authority()
  authority?: string;
}
