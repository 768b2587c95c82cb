import { Body, Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { Sent } from '../commands/ledger-command';
import { IdPipe } from '../http/params';
import { TimeTravelQuery } from '../http/query';
import { readerLanguage, RenderReasonsInterceptor } from '../http/reader-language';
import { boundsFrom } from '../queries/time-travel';
import { CreditPublicationCommand } from './publications.commands';
import { publicationFile, reprDigest } from './publications.download';
import { CreditPublicationsQuery, PublicationDownloadQuery, PublishCreditListDto } from './publications.dto';
import { CreditPublicationQueries } from './publications.queries';
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

/** 公示: the quarterly publications of the credit lists, each a recorded act. */
@ApiTags('credit-list')
@ApiBearerAuth()
@Controller('v1/credit-list/publications')
export class CreditPublicationsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: CreditPublicationQueries,
  ) {}

  @Command({ zh: '公示名单', en: 'Publish an authority’s credit lists for a quarter' }, ALREADY_EXISTS, refusedBy('INVALID_DATE'))
  @Post()
  @Roles('officer')
  publish(@Body() body: PublishCreditListDto, @CurrentPrincipal() principal: Principal, @Sent('publishedOn') sent: Sent) {
    return this.bus.execute(new CreditPublicationCommand(body.command(principal.org), sent));
  }

  @Operation({ zh: '公示列表', en: 'Credit-list publications' })
  @UseInterceptors(RenderReasonsInterceptor)
  @Get()
  @Roles('officer', 'auditor', 'carrier')
  list(@Query() query: CreditPublicationsQuery) {
    const { period, ...filter } = query;
    return this.queries.list({ ...filter, period: period && `${period.year}-Q${period.quarter}` }, boundsFrom(query));
  }

  /** The published entries, with the hash of the event's entries and where to prove the event. */
  @Operation({ zh: '公示', en: 'A publication with its entries and hash' }, NOT_FOUND)
  @UseInterceptors(RenderReasonsInterceptor)
  @Get(':id')
  @Roles('officer', 'auditor', 'carrier')
  get(@Param('id', new IdPipe()) id: string, @Query() query: TimeTravelQuery) {
    return this.queries.get(id, boundsFrom(query), query.minPosition);
  }

  /**
   * The published list as a file to keep: JSON with the entries as stored and what a verifier
   * needs, or CSV for people (UTF-8 with a BOM, for Excel). A route of its own, not content
   * negotiation on the one above, so that a plain link downloads it.
   */
  @Operation({ zh: '下载公示名单', en: 'A publication as a JSON or CSV file' }, NOT_FOUND)
  @UseInterceptors(RenderReasonsInterceptor)
  @Get(':id/download')
  @Roles('officer', 'auditor', 'carrier')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'An attachment. Repr-Digest (RFC 9530) covers its bytes; X-Ledger-Entries-Hash is the event’s entriesHash, over JCS(entries).',
  })
  async download(
    @Param('id', new IdPipe()) id: string,
    @Query() query: PublicationDownloadQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const publication = await this.queries.record(id, boundsFrom(query), query.minPosition);
    const file = publicationFile(publication, query.format, readerLanguage(request.headers['accept-language']));
    reply
      .code(200)
      .type(file.contentType)
      .headers({
        'Content-Disposition': attachment(file.filename),
        'Repr-Digest': reprDigest(file.body),
        'X-Ledger-Entries-Hash': publication.data.entriesHash,
        'X-Ledger-Event-Id': publication.eventId,
        'X-Ledger-Position': String(publication.eventPosition),
      })
      .send(file.body);
  }
}

/**
 * `attachment; filename="…"` (RFC 6266); a name outside printable ASCII (an id may hold any
 * letter) also goes as `filename*` in UTF-8 (RFC 8187), after an ASCII stand-in.
 */
function attachment(filename: string): string {
  if (/^[\x20-\x7e]*$/.test(filename) && !/["\\]/.test(filename)) return `attachment; filename="${filename}"`;
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
