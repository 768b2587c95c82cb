import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import type { PublishCreditList } from '@ledger/regulation/credit-list/publication';
import { CommandDto, IsDateOnly } from '../commands/common.dto';
import { Authority, OneOf, Quarter, TimeTravelPageQuery, TimeTravelQuery } from '../http/query';
import { CREDIT_LISTS } from '../queries/credit-list.queries';
import type { QuarterOfYear } from '../queries/statistics.queries';
import { DOWNLOAD_FORMATS, type DownloadFormat } from './publications.download';

/** 公示 of one list for one closed quarter, by the officer's authority (the token's `org`). */
export class PublishCreditListDto extends CommandDto {
  @ApiProperty({ example: '2025-Q3', description: 'The quarter published: YYYY-Qn' })
  @Matches(/^\d{4}-Q[1-4]$/, { message: 'period must be a quarter written YYYY-Qn (n from 1 to 4)' })
  period!: string;

  @ApiProperty({ enum: CREDIT_LISTS, description: '不良名单 / 失信名单: one list per publication' })
  @IsIn(CREDIT_LISTS)
  list!: (typeof CREDIT_LISTS)[number];

  @ApiProperty({ example: '2025-10-15', description: 'After the quarter’s last day, not in the future' })
  @IsDateOnly()
  publishedOn!: string;

  /** An officer without an authority is refused by the executor before the decider sees ''. */
  command(authority: string | undefined): PublishCreditList {
    const { period, list, publishedOn } = this;
    return { type: 'PublishCreditList', data: { authority: authority ?? '', period, list, publishedOn } };
  }
}

export class CreditPublicationsQuery extends TimeTravelPageQuery {
  @Quarter({ description: 'The quarter published.' })
  period?: QuarterOfYear;

  @OneOf(CREDIT_LISTS)
  list?: (typeof CREDIT_LISTS)[number];

  @Authority()
  authority?: string;
}

export class PublicationDownloadQuery extends TimeTravelQuery {
  /** JSON when not given: the format that the hash in the event can be checked against. */
  @OneOf(DOWNLOAD_FORMATS)
  format: DownloadFormat = 'json';
}
