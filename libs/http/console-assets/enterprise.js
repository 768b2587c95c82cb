import { allItems, consoleSettings, getOrNull } from './api.js';
import { badge, dataTable, field, h, paged, section, select } from './dom.js';
import { coverageText, formatInstant, label, provinceName, t } from './i18n.js';
import { enforcementSections } from './cases.js';
import { outcomeCell } from './inspections.js';
import { verifyControl } from './proofs.js';
import { travelling, within } from './time.js';

export async function searchView(view, { params, signal, link, go }) {
  const q = params.get('q') ?? '';
  const input = h('input', { type: 'search', name: 'q', value: q, autocomplete: 'off', required: true });
  const form = h(
    'form',
    {
      class: 'card search',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        go('/', { q: input.value.trim() });
      },
    },
    field(t('search.label'), input, t('search.hint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('search.submit'))),
  );
  view.append(h('h1', { tabindex: '-1' }, t('search.title')), form);
  if (!q) return;
  const results = h('div', { class: 'results' });
  const columns = [
    { label: t('col.name'), cell: (e) => h('a', { href: link(`/enterprise/${e.uscc}`) }, e.name) },
    { label: t('col.uscc'), cell: (e) => h('span', { class: 'code' }, e.uscc) },
    { label: t('col.province'), cell: (e) => provinceName(e.province) },
    { label: t('col.registeredAt'), cell: (e) => formatInstant(e.registeredAt), nowrap: true },
  ];
  await paged(results, '/v1/enterprises', { q }, signal, (items) => [
    dataTable({ caption: t('search.results'), columns, rows: items, empty: t('search.none') }),
  ]);
  view.append(section(t('search.results'), results));
}

const LICENCE_TONES = { valid: 'ok', suspended: 'warn', revoked: 'bad', withdrawn: 'bad', cancelled: 'muted', expired: 'muted' };
const NUMBER_TONES = { filed: 'ok', allocated: 'muted', stopped: 'warn', reclaimed: 'bad' };
const ACCESS_TONES = { active: 'ok', suspended: 'warn', terminated: 'muted', refused: 'bad' };

/**
 * The enterprise from its summary, now or at the chosen times, its cases (closed ones too) at the
 * same bounds, and its history cut at them.
 */
export async function enterpriseView(view, { match, bounds, signal, link }) {
  const uscc = match[1];
  const [summary, history] = await Promise.all([
    getOrNull(`/v1/enterprises/${uscc}`, {}, signal),
    allItems(`/v1/enterprises/${uscc}/history`, {}, signal),
  ]);
  if (!summary) {
    view.append(h('h1', { tabindex: '-1' }, uscc), h('p', { class: 'error', role: 'alert' }, t('ent.notFound', { uscc })));
    return;
  }
  const events = travelling(bounds) ? history.filter(within(bounds)) : history;
  // The summary travels itself (api.md: every query of current state takes asOf and validAt); null: not registered then.
  const state = travelling(bounds) ? await getOrNull(`/v1/enterprises/${uscc}`, bounds, signal) : summary;
  view.append(h('h1', { tabindex: '-1' }, state?.name ?? summary.name), identity(state ?? summary));
  if (!state) {
    view.append(h('p', { class: 'notice', role: 'status' }, t('ent.notRecorded')));
    return;
  }
  view.append(
    h(
      'div',
      { class: 'grid' },
      creditSection(state.creditList),
      section(t('ent.licences'), licencesTable(state.licences)),
      section(t('ent.numbers'), numbersTable(state.numbers)),
      section(t('ent.access'), contractsTable(state.accessContracts)),
      ...(await enforcementSections(uscc, bounds, signal, link)),
      inspectionsSection(events, link),
    ),
    timeline(events, (await consoleSettings()).streamContexts, signal),
  );
}

function identity(enterprise) {
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  return h(
    'dl',
    { class: 'identity' },
    row(t('col.uscc'), h('span', { class: 'code' }, enterprise.uscc)),
    row(t('col.province'), provinceName(enterprise.province)),
    enterprise.address ? row(t('col.address'), enterprise.address) : null,
    row(t('col.registeredAt'), formatInstant(enterprise.registeredAt)),
  );
}

function creditSection(credit) {
  const status = credit.listed
    ? badge(t('credit.listedOn', { lists: credit.lists.map((l) => label('list', l)).join(t('comma')) }), 'bad')
    : badge(t('credit.notListed'), 'ok');
  return section(
    t('ent.credit'),
    h(
      'p',
      { class: 'credit-status', id: 'credit-status' },
      status,
      credit.day ? h('span', { class: 'hint' }, t('credit.day', { day: credit.day })) : null,
    ),
    credit.entries.length
      ? dataTable({
          caption: t('ent.credit'),
          columns: [
            { label: t('col.list'), cell: (e) => label('list', e.list) },
            { label: t('col.reason'), cell: (e) => e.reason },
            { label: t('col.listedOn'), cell: (e) => e.listedOn, nowrap: true },
            { label: t('col.expiresOn'), cell: (e) => e.expiresOn, nowrap: true },
            { label: t('col.authority'), cell: (e) => e.authority ?? '—' },
          ],
          rows: credit.entries,
        })
      : null,
  );
}

export function licencesTable(licences, link) {
  return dataTable({
    caption: t('ent.licences'),
    columns: [
      { label: t('col.licenceNumber'), cell: (l) => h('span', { class: 'code' }, l.licenceNumber) },
      ...(link ? [{ label: t('col.enterprise'), cell: (l) => h('a', { href: link(`/enterprise/${l.uscc}`) }, l.uscc) }] : []),
      { label: t('col.status'), cell: (l) => badge(label('licence', l.status), LICENCE_TONES[l.status]) },
      { label: t('col.coverage'), cell: (l) => coverageText(l.coverage) },
      { label: t('col.scope'), cell: (l) => (l.scope ? label('scope', l.scope) : '—') },
      { label: t('col.serviceModel'), cell: (l) => label('model', l.serviceModel) },
      { label: t('col.approvalPath'), cell: (l) => (l.approvalPath ? label('path', l.approvalPath) : '—') },
      { label: t('col.validity'), cell: (l) => `${l.validFrom ?? l.grantedOn ?? '—'} ～ ${l.validUntil ?? '—'}` },
    ],
    rows: licences,
  });
}

/** Time-travel lists answer numbers in brief (carrier and outbound flat); now, with the filing. */
export function numbersTable(numbers, link) {
  const carrier = (n) => n.carrier ?? n.filing?.carrier;
  const outbound = (n) => n.outbound ?? n.filing?.outbound;
  return dataTable({
    caption: t('ent.numbers'),
    columns: [
      { label: t('col.number'), cell: (n) => h('span', { class: 'code' }, n.numberId) },
      ...(link
        ? [{ label: t('col.holder'), cell: (n) => (n.holder ? h('a', { href: link(`/enterprise/${n.holder}`) }, n.holder) : '—') }]
        : []),
      { label: t('col.status'), cell: (n) => badge(label('number', n.status), NUMBER_TONES[n.status]) },
      { label: t('col.carrier'), cell: (n) => label('carrier', carrier(n)) },
      { label: t('col.purpose'), cell: (n) => n.filing?.purpose ?? '—' },
      {
        label: t('col.inOut'),
        cell: (n) => {
          const basis = n.filing?.outboundBasis ? `（${label('basis', n.filing.outboundBasis)}）` : '';
          return `${n.filing ? t(n.filing.inbound ? 'yes' : 'no') : '—'} / ${outbound(n) === undefined || outbound(n) === null ? '—' : t(outbound(n) ? 'yes' : 'no')}${basis}`;
        },
      },
    ],
    rows: numbers,
  });
}

function contractsTable(contracts) {
  return dataTable({
    caption: t('ent.access'),
    columns: [
      { label: t('col.contract'), cell: (c) => h('span', { class: 'code', title: c.contractId }, c.contractId.slice(0, 8)) },
      { label: t('col.carrier'), cell: (c) => label('carrier', c.carrier) },
      { label: t('col.status'), cell: (c) => badge(label('access', c.status), ACCESS_TONES[c.status]) },
      { label: t('col.numbers'), cell: (c) => (c.numbers ?? []).join(t('comma')) || '—' },
      { label: t('col.verifiedOn'), cell: (c) => c.verifiedOn ?? '—', nowrap: true },
    ],
    rows: contracts,
  });
}

/**
 * The draws the enterprise was drawn in and what its inspection found, from its history (cut at
 * the page's bounds): a draw names every enterprise it drew, an outcome the one inspected.
 */
function inspectionsSection(events, link) {
  const outcomes = new Map(events.filter((e) => e.type === 'InspectionOutcomeRecorded').map((e) => [e.data.drawId, e.data]));
  const draws = events
    .filter((e) => e.type === 'InspectionDrawConducted')
    .map((e) => ({ ...e.data, outcome: outcomes.get(e.data.drawId) ?? { outcome: 'pending' } }));
  return section(
    t('ent.inspections'),
    dataTable({
      caption: t('ent.inspections'),
      columns: [
        { label: t('col.drawnOn'), cell: (d) => h('a', { href: link(`/inspections/${d.drawId}`) }, d.drawnOn), nowrap: true },
        { label: t('col.authority'), cell: (d) => d.authority ?? '—' },
        { label: t('col.outcome'), cell: (d) => outcomeCell(d.outcome, link) },
        { label: t('col.inspectedOn'), cell: (d) => d.outcome.inspectedOn ?? '—', nowrap: true },
      ],
      rows: draws,
    }),
  );
}

/** `contexts`: [stream prefix, context] pairs, the ledger's own table (docs/design.md, Subscriptions), from the console's settings. */
function timeline(events, contexts, signal) {
  const contextOf = (streamId) => contexts.find(([prefix]) => streamId.startsWith(prefix))?.[1] ?? 'other';
  const names = [...new Set(contexts.map(([, name]) => name))];
  const context = select('context', [['all', t('ctx.all')], ...names.map((name) => [name, t(`ctx.${name}`)])], 'all');
  const order = select(
    'order',
    [
      ['recorded', t('order.recorded')],
      ['effective', t('order.effective')],
    ],
    'recorded',
  );
  const count = h('p', { class: 'hint', role: 'status' });
  const body = h('div');
  const draw = () => {
    const shown = events.filter((e) => context.value === 'all' || contextOf(e.streamId) === context.value);
    if (order.value === 'effective') shown.sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt) || a.position - b.position);
    count.textContent = t('ent.timelineCount', { count: shown.length });
    body.replaceChildren(
      dataTable({
        caption: t('ent.timeline'),
        className: 'timeline',
        columns: [
          {
            label: t('col.type'),
            cell: (e) => [
              h('span', { class: 'event-type' }, label('type', e.type)),
              h('span', { class: 'event-code' }, `#${e.position} ${e.type}`),
            ],
          },
          { label: t('col.effectiveAt'), cell: (e) => formatInstant(e.effectiveAt), nowrap: true },
          { label: t('col.recordedAt'), cell: (e) => formatInstant(e.recordedAt), nowrap: true },
          { label: t('col.actor'), cell: (e) => e.actor ?? '—' },
          { label: t('col.documentNo'), cell: (e) => e.documentNo ?? '—' },
          { label: t('col.proof'), cell: (e) => verifyControl(e, signal) },
        ],
        rows: shown,
      }),
    );
  };
  context.addEventListener('change', draw);
  order.addEventListener('change', draw);
  draw();
  return h(
    'section',
    { class: 'card wide', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, t('ent.timeline')),
    h('div', { class: 'filters' }, field(t('ent.context'), context), field(t('ent.order'), order), count),
    body,
  );
}
