import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type {
  ConfirmAnnualReport,
  FileAnnualReport,
  OrderAnnualReport,
  RegisterEnterprise,
  ReportSelfInspection,
} from '@ledger/regulation/enterprises';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';
import { Moment, NameList, ReadPageQuery, SearchText, TimeTravelPageQuery } from '../http/query';

export class RegisterEnterpriseDto extends CommandDto {
  @ApiProperty({ example: '91330100716105852F', description: 'Unified social credit code (GB 32100)' })
  @IsString()
  @IsUscc()
  uscc!: string;

  @ApiProperty({ example: '杭州某某呼叫中心有限公司' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '330000', description: 'GB/T 2260 province code' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'province must be a six-digit GB/T 2260 code' })
  province!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  command(): RegisterEnterprise {
    const { uscc, name, province, address } = this;
    return { type: 'RegisterEnterprise', data: { uscc, name, province, address } };
  }
}

export class SelfInspectionDto extends CommandDto {
  @ApiProperty({ example: '2020-07-20' })
  @IsDateOnly()
  reportedOn!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  findings!: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  rectifications?: string[];

  @ApiPropertyOptional({ example: '2020-07-30' })
  @IsOptional()
  @IsDateOnly()
  completedOn?: string;

  command(): ReportSelfInspection {
    const { reportedOn, findings, rectifications, completedOn } = this;
    return { type: 'ReportSelfInspection', data: { reportedOn, findings, rectifications, completedOn } };
  }
}

export class AnnualReportDto extends CommandDto {
  @ApiProperty({ example: 2020 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '2021-03-15' })
  @IsDateOnly()
  reportedOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  operations?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  securityMeasures?: string;

  command(): FileAnnualReport {
    const { year, reportedOn, operations, securityMeasures } = this;
    return { type: 'FileAnnualReport', data: { year, reportedOn, operations, securityMeasures } };
  }
}

/** 责令限期报告 (art. 38): `documentNo` is read by the envelope, as for every command. */
export class AnnualReportOrderDto extends CommandDto {
  @ApiProperty({ example: 2020 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '2021-04-10' })
  @IsDateOnly()
  orderedOn!: string;

  @ApiProperty({ example: '2021-05-10' })
  @IsDateOnly()
  deadline!: string;

  command(): OrderAnnualReport {
    const { year, orderedOn, deadline } = this;
    return { type: 'OrderAnnualReport', data: { year, orderedOn, deadline } };
  }
}

/** Art. 38: the administration confirms the year's report (the year is in the path). */
export class AnnualReportConfirmationDto extends CommandDto {
  @ApiProperty({ example: '2021-06-20', description: 'The day the administration confirmed the report; not before it was filed.' })
  @IsDateOnly()
  confirmedOn!: string;

  command(year: number): ConfirmAnnualReport {
    return { type: 'ConfirmAnnualReport', data: { year, confirmedOn: this.confirmedOn } };
  }
}

export class EnterpriseSearchQuery extends TimeTravelPageQuery {
  @SearchText(100, { description: 'A USCC prefix or part of the name (case-insensitive).' })
  q?: string;
}

export class EnterpriseHistoryQuery extends ReadPageQuery {
  @NameList({ description: 'Only events of these types.' })
  types?: string[];

  @Moment({ description: 'Effective at or after this moment (a date: from the start of that CST day).' })
  from?: string;

  @Moment({ description: 'Effective at or before this moment (a date: to the end of that CST day).' })
  to?: string;
}
