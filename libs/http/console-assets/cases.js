import { allItems, getOrNull } from './api.js';
import { badge, dataTable, h, section } from './dom.js';
import { label, language, t } from './i18n.js';

const CASE_TONES = { open: 'warn', closed: 'muted' };
const ORDER_TONES = { pending: 'warn', overdue: 'bad', done: 'ok', unverified: 'muted' };

const shortId = (id) => h('span', { class: 'code', title: id }, id.slice(0, 8));

/** A case's short id as a link to its page; the full id is in the link's title. */
export const caseLink = (link, caseId) => h('a', { href: link(`/case/${caseId}`), class: 'code', title: caseId }, caseId.slice(0, 8));

const money = (amount) => t('penalty.fineAmount', { amount: amount.toLocaleString(language()) });

function measuresText(measures) {
  return measures
    .map((m) => (m.type === 'fine' && m.amountCny ? `${label('measure', m.type)} ${money(m.amountCny)}` : label('measure', m.type)))
    .join(t('comma'));
}

/**
 * Where a penalty decision stands, from what is recorded at the case view's bounds: annulled,
 * no penalty at all (an old decision of separate acts only), performed, recorded as not
 * performed, or nothing recorded yet. Whether it is late is the worklist's to judge.
 */
function performance(p) {
  if (p.annulment) return badge(t('penalty.annulled', { on: p.annulment.decidedOn }), 'muted');
  if (!p.isPenalty) return badge(t('penalty.notAPenalty'), 'muted');
  const late = p.nonPerformance ? badge(t('penalty.notPerformed', { on: p.nonPerformance.recordedOn }), 'bad') : null;
  const done = p.performance ? badge(t('penalty.performed', { on: p.performance.performedOn }), 'ok') : null;
  return done || late ? h('span', { class: 'badges' }, late, done) : badge(t('penalty.noPerformance'), 'warn');
}

/** Penalty decisions, each with its case where the table lists several cases' decisions. */
function penaltiesTable(rows, link) {
  return dataTable({
    caption: t('case.penalties'),
    columns: [
      { label: t('col.documentNo'), cell: (p) => p.documentNo ?? '—' },
      ...(link ? [{ label: t('col.case'), cell: (p) => caseLink(link, p.caseId) }] : []),
      { label: t('col.decidedOn'), cell: (p) => p.decidedOn, nowrap: true },
      { label: t('col.measures'), cell: (p) => measuresText(p.measures) || '—' },
      { label: t('col.performanceDeadline'), cell: (p) => p.performanceDeadline ?? '—', nowrap: true },
      { label: t('col.performance'), cell: performance },
    ],
    rows,
  });
}

/**
 * Every case of the enterprise, closed ones too, and every penalty decided in them, at the
 * page's bounds (GET /v1/enterprises/{uscc}/enforcement travels itself).
 */
export async function enforcementSections(uscc, bounds, signal, link) {
  const cases = await allItems(`/v1/enterprises/${uscc}/enforcement`, bounds, signal);
  const penalties = cases.flatMap((c) => c.penalties.map((p) => ({ ...p, caseId: c.caseId })));
  return [
    section(
      t('ent.cases'),
      dataTable({
        caption: t('ent.cases'),
        columns: [
          { label: t('col.case'), cell: (c) => caseLink(link, c.caseId) },
          { label: t('col.status'), cell: (c) => badge(label('case', c.status), CASE_TONES[c.status]) },
          { label: t('col.violation'), cell: (c) => label('violation', c.violation) },
          { label: t('col.origin'), cell: (c) => label('origin', c.origin) },
          { label: t('col.openedOn'), cell: (c) => c.openedOn ?? '—', nowrap: true },
          { label: t('col.closedOn'), cell: (c) => c.closure?.closedOn ?? '—', nowrap: true },
          { label: t('col.summary'), cell: (c) => c.summary ?? '—' },
        ],
        rows: cases,
      }),
    ),
    section(t('ent.penalties'), penaltiesTable(penalties, link)),
  ];
}

/** One case with its orders and penalties, now or at the chosen times (the case view travels). */
export async function caseView(view, { match, bounds, signal, link }) {
  const caseId = match[1];
  const found = await getOrNull(`/v1/cases/${caseId}`, bounds, signal);
  view.append(h('h1', { tabindex: '-1' }, t('case.title', { id: caseId.slice(0, 8) })));
  if (!found) {
    view.append(h('p', { class: 'notice', role: 'status' }, t('case.notFound')));
    return;
  }
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  const party = found.uscc
    ? h('a', { href: link(`/enterprise/${found.uscc}`), class: 'code' }, found.uscc)
    : label('carrier', found.carrier);
  const overview = found.overview;
  view.append(
    h(
      'dl',
      { class: 'identity', id: 'case-identity' },
      row(t('col.party'), party),
      row(t('col.status'), badge(label('case', found.status), CASE_TONES[found.status])),
      row(t('col.violation'), label('violation', found.violation)),
      row(t('col.origin'), label('origin', found.origin)),
      row(t('col.openedOn'), found.openedOn ?? '—'),
      row(t('col.closedOn'), found.closure?.closedOn ?? '—'),
      row(t('col.summary'), found.summary ?? '—'),
      row(
        t('case.otherActs'),
        t('case.actCounts', {
          circulars: overview?.circulars ?? 0,
          interviews: overview?.interviews ?? 0,
          exposures: overview?.exposures ?? 0,
        }),
      ),
    ),
    section(
      t('case.rectifications'),
      dataTable({
        caption: t('case.rectifications'),
        columns: [
          { label: t('col.documentNo'), cell: (o) => o.documentNo ?? (o.orderId ? shortId(o.orderId) : '—') },
          { label: t('col.orderedOn'), cell: (o) => o.orderedOn, nowrap: true },
          { label: t('col.deadline'), cell: (o) => o.deadline ?? '—', nowrap: true },
          { label: t('col.requirements'), cell: (o) => o.requirements.join(t('sep')) || '—' },
          { label: t('col.status'), cell: (o) => badge(label('rectification', o.status), ORDER_TONES[o.status]) },
          {
            label: t('col.verifications'),
            cell: (o) => o.verifications.map((v) => `${v.verifiedOn} ${label('verification', v.result)}`).join(t('sep')) || '—',
          },
        ],
        rows: found.rectificationOrders,
      }),
    ),
    section(t('case.penalties'), penaltiesTable(found.penalties)),
  );
}
