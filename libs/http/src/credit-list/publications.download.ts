import { createHash } from 'node:crypto';
import type { CreditListPublished, PublishedEntry } from '@ledger/regulation/credit-list/publication';
import { renderReason, type Language } from '@ledger/regulation/shared';

export const DOWNLOAD_FORMATS = ['json', 'csv'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** What the download is made from: the publication's row as the read model holds it. */
export interface PublicationRecord {
  readonly publicationId: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly eventPosition: number;
  readonly recordedAt: string;
  readonly documentNo: string | null;
  readonly data: CreditListPublished['data'];
}

export interface PublicationFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * The published list as a file (公示 download). JSON holds the entries exactly as the event stored
 * them, so `entriesHash` can be recomputed from the file alone; CSV is for people and Excel, its
 * reasons rendered, so no hash in the event covers it (the response's `Repr-Digest` covers its bytes).
 */
export function publicationFile(publication: PublicationRecord, format: DownloadFormat, language: Language): PublicationFile {
  const filename = `credit-list-${publication.publicationId}.${format}`;
  if (format === 'csv')
    return {
      filename,
      contentType: 'text/csv; charset=utf-8; header=present',
      body: Buffer.from(`\ufeff${publicationCsv(publication.data.entries, language)}`, 'utf8'),
    };
  return {
    filename,
    contentType: 'application/json; charset=utf-8',
    body: Buffer.from(JSON.stringify(publicationJson(publication)), 'utf8'),
  };
}

/** What a publication says of itself, in every answer about it: the list, the download and the summaries. */
export function publicationHead(data: CreditListPublished['data']) {
  const { authority, authorityName, scope, period, list, publishedOn, inForceOn, count, entriesHash } = data;
  return { authority, authorityName, scope, period, list, publishedOn, inForceOn, count, entriesHash };
}

function publicationJson(publication: PublicationRecord) {
  const { data, eventPosition: position, streamId } = publication;
  return {
    publicationId: publication.publicationId,
    ...publicationHead(data),
    documentNo: publication.documentNo,
    entries: data.entries,
    event: { eventId: publication.eventId, streamId, position, recordedAt: publication.recordedAt },
    verification: {
      entriesHash: 'hex SHA-256 of the UTF-8 bytes of JCS(entries), RFC 8785; equal to data.entriesHash of the event',
      event: `/v1/streams/${streamId}/events`,
      leaf: 'SHA-256(0x00 ‖ JCS(event JSON)), RFC 9162',
      inclusionProof: `/v1/integrity/proof/${position}`,
      checkpoint: '/v1/integrity/checkpoint',
    },
  };
}

const HEADINGS: Record<Language, readonly string[]> = {
  zh: ['条目编号', '企业名称', '统一社会信用代码', '许可证编号', '名单', '列入日期', '届满日期', '列入原因', '列入机关'],
  en: ['Entry', 'Enterprise name', 'USCC', 'Licence numbers', 'List', 'Listed on', 'Expires on', 'Reason', 'Listing authority'],
};

const LIST_NAMES: Record<Language, Record<PublishedEntry['list'], string>> = {
  zh: { bad: '电信业务经营不良名单', dishonest: '电信业务经营失信名单' },
  en: { bad: 'Bad list', dishonest: 'Dishonest list' },
};

/** RFC 4180: a heading row, then one record per entry, CRLF after each. */
export function publicationCsv(entries: readonly PublishedEntry[], language: Language): string {
  const rows = entries.map((entry) => [
    entry.entryId,
    entry.enterpriseName ?? '',
    entry.uscc,
    entry.licenceNumbers.join('; '),
    LIST_NAMES[language][entry.list],
    entry.listedOn,
    entry.expiresOn,
    renderReason(entry.reason, language),
    entry.listingAuthorityName ?? entry.listingAuthority ?? '',
  ]);
  return [HEADINGS[language], ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/**
 * Quoted where RFC 4180 needs it. A field a spreadsheet would run as a formula (an officer's
 * reason or a registered name starting with `=`, `+`, `-`, `@`) gets a leading apostrophe, which
 * Excel shows as text: the published words stay readable and nothing in them is executed.
 */
function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** RFC 9530 `Repr-Digest` of the bytes sent. */
export function reprDigest(body: Buffer): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}
