import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { ResumeAccess, SignAccessContract, SuspendAccess, TerminateAccess } from '@ledger/regulation/access';
import { CARRIERS } from '@ledger/regulation/shared';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';
import { OneOf, TimeTravelPageQuery, Uscc } from '../http/query';
import { CONTRACT_STATUSES } from '../queries/access.queries';

/** A carrier's access request: what it checked before giving access (核实必要信息). */
export class SignAccessContractDto extends CommandDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @ApiProperty({ enum: ['CT', 'CU', 'CM', 'CBN'] })
  @IsIn(['CT', 'CU', 'CM', 'CBN'])
  carrier!: string;

  @ApiProperty()
  @IsUscc()
  uscc!: string;

  @ApiProperty({ type: [String], example: ['95123', '110000-96123'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(/^(\d{6}-)?9[56]\d{3,4}$/, { each: true, message: 'numbers must be number ids such as 95123 or 110000-96123' })
  numbers!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  trunkLines?: number;

  @ApiProperty({ example: '2020-11-01' })
  @IsDateOnly()
  verifiedOn!: string;

  /** Without a `contractId` the contract is given one. */
  command(): SignAccessContract {
    const { contractId, carrier, uscc, numbers, trunkLines, verifiedOn } = this;
    return { type: 'SignAccessContract', data: { contractId: contractId ?? randomUUID(), carrier, uscc, numbers, trunkLines, verifiedOn } };
  }
}

export class AccessActDto extends CommandDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;

  command(type: 'SuspendAccess' | 'ResumeAccess' | 'TerminateAccess'): SuspendAccess | ResumeAccess | TerminateAccess {
    return { type, data: { reason: this.reason } };
  }
}

export class AccessListQuery extends TimeTravelPageQuery {
  @OneOf(CARRIERS)
  carrier?: string;

  @Uscc()
  uscc?: string;

  @OneOf(CONTRACT_STATUSES)
  status?: (typeof CONTRACT_STATUSES)[number];
}
