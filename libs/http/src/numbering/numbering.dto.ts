import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { numberIdFor, type AllocateNumber, type FileNumber, type ReclaimNumber } from '@ledger/regulation/numbering';
import { CARRIERS } from '@ledger/regulation/shared';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';
import { Flag, OneOf, TimeTravelPageQuery, Uscc } from '../http/query';
import { NUMBER_STATUSES } from '../queries/number.queries';

export class AllocateNumberDto extends CommandDto {
  @ApiProperty({ example: '95123', description: '95xxx(x) national or 96xxx(x) provincial' })
  @Matches(/^9[56]\d{3,4}$/, { message: 'number must be a 95 or 96 access number of 5 or 6 digits' })
  number!: string;

  @ApiPropertyOptional({ example: '110000', description: 'GB/T 2260 province code; required for 96 numbers' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'province must be a six-digit GB/T 2260 code' })
  province?: string;

  @ApiProperty()
  @IsUscc()
  uscc!: string;

  @ApiProperty({ example: '2020-10-15' })
  @IsDateOnly()
  allocatedOn!: string;

  numberId(): string {
    return numberIdFor(this.number, this.province);
  }

  command(): AllocateNumber {
    const { number, province, uscc, allocatedOn } = this;
    return { type: 'AllocateNumber', data: { number, province, uscc, allocatedOn } };
  }
}

/** 备案: the carrier the number is connected through, its use, and the call directions. */
export class FileNumberDto extends CommandDto {
  @ApiProperty({ enum: ['CT', 'CU', 'CM', 'CBN'] })
  @IsIn(['CT', 'CU', 'CM', 'CBN'])
  carrier!: string;

  @ApiProperty({ example: '客户服务热线' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  purpose!: string;

  @ApiProperty({ description: 'In principle numbers are opened for inbound calls only (原则上只开通呼入功能).' })
  @IsBoolean()
  inbound!: boolean;

  @ApiProperty()
  @IsBoolean()
  outbound!: boolean;

  @ApiPropertyOptional({ enum: ['user-consent', 'callback'], description: 'Required when outbound is true.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  outboundBasis?: string;

  command(): FileNumber {
    const { carrier, purpose, inbound, outbound, outboundBasis } = this;
    return { type: 'FileNumber', data: { carrier, purpose, inbound, outbound, outboundBasis } };
  }
}

export class ReclaimNumberDto extends CommandDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  command(): ReclaimNumber {
    return { type: 'ReclaimNumber', data: { reason: this.reason } };
  }
}

export class NumberListQuery extends TimeTravelPageQuery {
  @Uscc()
  uscc?: string;

  @OneOf(CARRIERS)
  carrier?: string;

  @Flag()
  outbound?: boolean;

  @OneOf(NUMBER_STATUSES)
  status?: (typeof NUMBER_STATUSES)[number];
}
