import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { CommandDto, DATE_ONLY } from '../commands/common.dto';

/** An entry an officer lists by hand (e.g. an overdue annual report, art. 38). */
export class AddEntryDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entryId?: string;

  @ApiProperty()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'uscc must be 18 characters of the GB 32100 alphabet' })
  uscc!: string;

  @ApiProperty({ enum: ['bad', 'dishonest'], description: '不良名单 / 失信名单' })
  @IsIn(['bad', 'dishonest'])
  list!: 'bad' | 'dishonest';

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ example: '2021-03-01' })
  @Matches(DATE_ONLY, { message: 'listedOn must be a date (YYYY-MM-DD)' })
  listedOn!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  caseId?: string;

  @ApiPropertyOptional({ description: 'Defaults to listedOn plus the list’s term' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'expiresOn must be a date (YYYY-MM-DD)' })
  expiresOn?: string;

  @ApiPropertyOptional({ example: '北京市通信管理局' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  authority?: string;
}

export class RemoveEntryDto extends CommandDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ example: '2022-03-01' })
  @Matches(DATE_ONLY, { message: 'removedOn must be a date (YYYY-MM-DD)' })
  removedOn!: string;
}
