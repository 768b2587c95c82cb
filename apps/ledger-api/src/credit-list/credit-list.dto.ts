import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';
import { OneOf, TimeTravelPageQuery, Uscc } from '../http/query';
import { CREDIT_LISTS } from '../queries/credit-list.queries';

/** An entry an officer lists by hand (e.g. an overdue annual report, art. 38). */
export class AddEntryDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entryId?: string;

  @ApiProperty()
  @IsUscc()
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
  @IsDateOnly()
  listedOn!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  caseId?: string;

  @ApiPropertyOptional({ description: 'Defaults to listedOn plus the list’s term' })
  @IsOptional()
  @IsDateOnly()
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
  @IsDateOnly()
  removedOn!: string;
}

export class CreditListQuery extends TimeTravelPageQuery {
  @OneOf(CREDIT_LISTS)
  list?: (typeof CREDIT_LISTS)[number];

  @Uscc()
  uscc?: string;
}
