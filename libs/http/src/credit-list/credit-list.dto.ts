import { randomUUID } from 'node:crypto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import type { AddCreditListEntry, RemoveCreditListEntry } from '@ledger/regulation/credit-list';
import { CommandDto, IsDateOnly, IsUscc } from '../commands/common.dto';
import { OneOf, TimeTravelPageQuery, Uscc } from '../http/query';
import { CREDIT_LISTS } from '../queries/credit-list.queries';

/** The recorded act a listing rests on: its event, and the document number the officer cites. */
export class ListingBasisDto {
  @ApiProperty({ format: 'uuid', description: 'The eventId of the penalty, circular or interview' })
  @IsUUID()
  eventId!: string;

  @ApiPropertyOptional({ example: '京通管罚〔2021〕12号', description: 'Checked against the one recorded with the event' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  documentNo?: string;
}

/**
 * An entry an officer lists by hand, on a recorded basis (e.g. a circular or interview for
 * harassment calls). The term follows from the list: there is no expiry to give.
 */
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

  /** Optional here so that its absence is the rule's refusal (422 LISTING_BASIS_REQUIRED), not malformed input. */
  @ApiProperty({ type: ListingBasisDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ListingBasisDto)
  basis?: ListingBasisDto;

  @ApiPropertyOptional({ example: '北京市通信管理局' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  authority?: string;

  /** The entry's id is the one sent, or a new one: the entry's stream is named by it. */
  command(): AddCreditListEntry {
    const { uscc, list, reason, listedOn, basis, authority } = this;
    return { type: 'AddCreditListEntry', data: { entryId: this.entryId ?? randomUUID(), uscc, list, reason, listedOn, basis, authority } };
  }
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

  command(): RemoveCreditListEntry {
    const { reason, removedOn } = this;
    return { type: 'RemoveCreditListEntry', data: { reason, removedOn } };
  }
}

export class CreditListQuery extends TimeTravelPageQuery {
  @OneOf(CREDIT_LISTS)
  list?: (typeof CREDIT_LISTS)[number];

  @Uscc()
  uscc?: string;
}
