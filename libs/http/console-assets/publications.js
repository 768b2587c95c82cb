import { ApiError, getOrNull, queryString, session } from './api.js';
import { badge, dataTable, errorText, field, h, paged, section, select, uid } from './dom.js';
import { label, language, t } from './i18n.js';
import { canonicalJson, toHex } from './integrity.js';
import { eventAt, showProof } from './proofs.js';

/** 公示 recorded by the ledger, each a quarter's list as published; filterable by quarter and list. */
export async function publicationsView(view, { params, bounds, signal, link, go }) {
  const period = h('input', {
    type: 'text',
    name: 'period',
    value: params.get('period') ?? '',
    placeholder: '2025-Q3',
    pattern: '\\d{4}-Q[1-4]',
    autocomplete: 'off',
    class: 'code',
  });
  const list = select(
    'list',
    [
      ['', t('any')],
      ['bad', t('list.bad')],
      ['dishonest', t('list.dishonest')],
    ],
    params.get('list') ?? '',
  );
  view.append(
    h('h1', { tabindex: '-1' }, t('pub.title')),
    h('p', { class: 'intro' }, t('pub.intro')),
    h(
      'form',
      {
        class: 'card filters',
        onsubmit: (event) => {
          event.preventDefault();
          go('/publications', { period: period.value.trim(), list: list.value });
        },
      },
      field(t('pub.period'), period, t('stats.quarterHint')),
      field(t('credit.kind'), list),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('filter'))),
    ),
  );
  const results = h('div');
  await paged(
    results,
    '/v1/credit-list/publications',
    { period: params.get('period'), list: params.get('list'), ...bounds },
    signal,
    (items) => [
      dataTable({
        caption: t('pub.title'),
        columns: [
          {
            label: t('pub.period'),
            cell: (p) =>
              h('a', { href: link(`/publications/${p.publicationId}`) }, t('pub.name', { period: p.period, list: label('list', p.list) })),
          },
          { label: t('col.authority'), cell: (p) => p.authorityName ?? p.authority },
          { label: t('pub.scope'), cell: (p) => label('pubScope', p.scope) },
          { label: t('pub.count'), cell: (p) => String(p.count) },
          { label: t('pub.publishedOn'), cell: (p) => p.publishedOn, nowrap: true },
          { label: t('pub.inForceOn'), cell: (p) => p.inForceOn, nowrap: true },
          { label: t('col.documentNo'), cell: (p) => p.documentNo ?? '—' },
        ],
        rows: items,
        empty: t('pub.none'),
      }),
    ],
  );
  view.append(section(t('pub.title'), results));
}

/** Whether the entries as the log holds them hash to the published `entriesHash` (JCS, SHA-256), checked here. */
async function hashMatches(publication) {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(publication.data.entries)));
  return toHex(new Uint8Array(digest)) === publication.entriesHash;
}

/**
 * The published list as a file, from GET …/{id}/download (JSON with the entries as stored, or CSV
 * for people). The route needs the officer's token, which a plain link would not send, so the
 * file is fetched and handed to the browser as a download.
 */
function downloadButton(publication, format, bounds, status) {
  const filename = `credit-list-${publication.publicationId}.${format}`;
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      id: `publication-download-${format}`,
      onclick: async () => {
        try {
          const query = queryString({ format, ...bounds });
          const response = await fetch(`/v1/credit-list/publications/${publication.publicationId}/download${query}`, {
            headers: { Authorization: `Bearer ${session.token()}`, 'Accept-Language': language() === 'en' ? 'en' : 'zh-CN' },
          });
          if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
          const url = URL.createObjectURL(await response.blob());
          h('a', { href: url, download: filename }).click();
          setTimeout(() => URL.revokeObjectURL(url), 0);
          status.textContent = '';
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    t(format === 'csv' ? 'pub.downloadCsv' : 'pub.downloadJson'),
  );
}

export async function publicationView(view, { match, bounds, signal, link }) {
  const id = match[1];
  const publication = await getOrNull(`/v1/credit-list/publications/${id}`, bounds, signal);
  if (!publication) {
    view.append(h('h1', { tabindex: '-1' }, id), h('p', { class: 'notice', role: 'status' }, t('pub.notFound', { id })));
    return;
  }
  const matches = await hashMatches(publication);
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  const proofId = uid('proof');
  const proof = h('span', { class: 'proof-result', id: proofId, role: 'status' });
  const position = publication.eventPosition;
  const downloadStatus = h('span', { class: 'proof-result proof-bad', role: 'status' });
  view.append(
    h(
      'h1',
      { tabindex: '-1' },
      t('pub.heading', {
        authority: publication.authorityName ?? publication.authority,
        period: publication.period,
        list: label('list', publication.list),
      }),
    ),
    h(
      'dl',
      { class: 'identity', id: 'publication-identity' },
      row(t('col.authority'), publication.authorityName ?? publication.authority),
      row(t('pub.scope'), label('pubScope', publication.scope)),
      row(t('pub.publishedOn'), publication.publishedOn),
      row(t('pub.inForceOn'), publication.inForceOn),
      row(t('pub.count'), String(publication.count)),
      row(t('col.documentNo'), publication.documentNo ?? '—'),
      row(t('pub.hash'), h('span', { class: 'code hash' }, publication.entriesHash)),
      row(
        t('pub.hashCheck'),
        matches === null
          ? t('verify.noCrypto')
          : h('span', { id: 'publication-hash' }, badge(t(matches ? 'pub.hashOk' : 'pub.hashBad'), matches ? 'ok' : 'bad')),
      ),
    ),
    h(
      'div',
      { class: 'actions card' },
      downloadButton(publication, 'json', bounds, downloadStatus),
      downloadButton(publication, 'csv', bounds, downloadStatus),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-describedby': proofId,
          onclick: () => showProof(proof, () => eventAt(position, signal), position, signal),
        },
        t('pub.prove', { position }),
      ),
      proof,
      downloadStatus,
    ),
    section(
      t('pub.entries'),
      dataTable({
        caption: t('pub.entries'),
        columns: [
          { label: t('col.enterprise'), cell: (e) => h('a', { href: link(`/enterprise/${e.uscc}`) }, e.enterpriseName ?? e.uscc) },
          { label: t('col.uscc'), cell: (e) => h('span', { class: 'code' }, e.uscc) },
          { label: t('col.licenceNumber'), cell: (e) => (e.licenceNumbers ?? []).join(t('comma')) || '—' },
          { label: t('col.listedOn'), cell: (e) => e.listedOn, nowrap: true },
          { label: t('col.expiresOn'), cell: (e) => e.expiresOn ?? '—', nowrap: true },
          { label: t('col.reason'), cell: (e) => e.reason },
          { label: t('col.authority'), cell: (e) => e.listingAuthorityName ?? e.listingAuthority ?? '—' },
        ],
        rows: publication.entries,
      }),
    ),
  );
}
