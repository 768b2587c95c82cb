import { getJson } from './api.js';
import { badge, dataTable, h, section } from './dom.js';
import { caseLink } from './cases.js';
import { label, provinceName, t } from './i18n.js';

/**
 * A whole worklist at the bounds: every page, and the answer's own fields (`day`, and `year` for
 * the annual reports). What an officer has to work through is read in full, so the count is true.
 */
async function wholeList(kind, bounds, signal) {
  const items = [];
  let page;
  let cursor;
  do {
    page = await getJson(`/v1/worklists/${kind}`, { ...bounds, limit: 500, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { ...page, items };
}

const listingsText = (listings) =>
  listings
    .map((l) => `${label('list', l.list)} ${l.listedOn}${l.removedOn ? t('worklist.removedOn', { on: l.removedOn }) : ''}`)
    .join(t('sep'));

/** Every list names the enterprise (a link to its page), its deadline and the first day it was missed. */
const enterpriseColumn = (link) => ({
  label: t('col.enterprise'),
  cell: (i) => h('a', { href: link(`/enterprise/${i.uscc}`) }, i.name ?? i.uscc),
});
const deadlineColumns = [
  { label: t('col.deadline'), cell: (i) => i.deadline ?? i.dueOn, nowrap: true },
  { label: t('col.overdueSince'), cell: (i) => badge(i.overdueSince, 'bad') },
];

const LISTS = [
  {
    kind: 'overdue-annual-reports',
    title: (answer) => t('worklist.annualReports', { year: answer.year }),
    columns: (link) => [
      enterpriseColumn(link),
      { label: t('col.province'), cell: (i) => provinceName(i.province) },
      ...deadlineColumns,
      { label: t('col.orders'), cell: (i) => i.orders.map((o) => o.documentNo ?? o.orderedOn).join(t('sep')) || '—' },
    ],
  },
  {
    kind: 'overdue-annual-report-orders',
    title: () => t('worklist.annualReportOrders'),
    columns: (link) => [
      enterpriseColumn(link),
      { label: t('col.year'), cell: (i) => String(i.year) },
      { label: t('col.documentNo'), cell: (i) => i.documentNo ?? '—' },
      ...deadlineColumns,
      { label: t('col.decidedAfterwards'), cell: (i) => listingsText(i.decidedAfterwards.listings) || t('worklist.nothingDecided') },
    ],
  },
  {
    kind: 'overdue-rectifications',
    title: () => t('worklist.rectifications'),
    columns: (link) => [
      enterpriseColumn(link),
      { label: t('col.case'), cell: (i) => caseLink(link, i.caseId) },
      { label: t('col.violation'), cell: (i) => label('violation', i.violation) },
      { label: t('col.documentNo'), cell: (i) => i.documentNo ?? '—' },
      ...deadlineColumns,
      {
        label: t('col.decidedAfterwards'),
        cell: (i) => {
          const penalties = i.decidedAfterwards.penalties.map(
            (p) => `${p.documentNo ?? p.decidedOn}${p.annulledOn ? t('worklist.annulledOn', { on: p.annulledOn }) : ''}`,
          );
          const listings = listingsText(i.decidedAfterwards.listings);
          return [...penalties, listings].filter(Boolean).join(t('sep')) || t('worklist.nothingDecided');
        },
      },
    ],
  },
  {
    kind: 'unperformed-penalties',
    title: () => t('worklist.penalties'),
    columns: (link) => [
      enterpriseColumn(link),
      { label: t('col.case'), cell: (i) => caseLink(link, i.caseId) },
      { label: t('col.documentNo'), cell: (i) => i.documentNo ?? '—' },
      { label: t('col.measures'), cell: (i) => i.measures.map((m) => label('measure', m)).join(t('comma')) },
      ...deadlineColumns,
      { label: t('col.authority'), cell: (i) => i.authorityName ?? i.authority ?? '—' },
    ],
  },
  {
    kind: 'missing-self-inspections',
    title: () => t('worklist.selfInspections'),
    columns: (link) => [
      enterpriseColumn(link),
      { label: t('col.province'), cell: (i) => provinceName(i.province) },
      { label: t('col.status'), cell: (i) => badge(label('selfInspection', i.status), i.status === 'missing' ? 'bad' : 'warn') },
      { label: t('col.lastReportedOn'), cell: (i) => i.lastReportedOn ?? '—', nowrap: true },
      ...deadlineColumns,
    ],
  },
];

/** 待办: who is overdue on the bounds' day, one section per list, each with its count. */
export async function worklistsView(view, { bounds, signal, link }) {
  const answers = await Promise.all(LISTS.map((list) => wholeList(list.kind, bounds, signal)));
  view.append(
    h('h1', { tabindex: '-1' }, t('worklist.title')),
    h('p', { class: 'intro' }, t('worklist.intro')),
    h('p', { class: 'hint', id: 'worklist-day' }, t('worklist.day', { day: answers[0].day })),
    ...LISTS.map((list, i) => {
      const answer = answers[i];
      const title = list.title(answer);
      return h(
        'div',
        { id: `worklist-${list.kind}` },
        section(
          t('worklist.heading', { title, count: answer.items.length }),
          dataTable({ caption: title, columns: list.columns(link), rows: answer.items, empty: t('worklist.empty') }),
        ),
      );
    }),
  );
}
