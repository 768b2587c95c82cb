import { ApiError, getJson } from './api.js';
import { dataTable, errorText, field, h, section, svg, uid } from './dom.js';
import { label, provinceName, t } from './i18n.js';

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** Every quarter from the first to the last, so a quarter with nothing shows as nothing, not as a gap. */
function quarterRange(quarters) {
  const indexes = quarters.map((q) => {
    const [, year, n] = QUARTER.exec(q);
    return Number(year) * 4 + Number(n) - 1;
  });
  if (indexes.length === 0) return [];
  const range = [];
  for (let i = Math.min(...indexes); i <= Math.max(...indexes); i++) range.push(`${Math.floor(i / 4)}-Q${(i % 4) + 1}`);
  return range;
}

const CHART = { height: 180, top: 18, bottom: 26, group: 64, gap: 14, left: 8 };

/**
 * Bars per quarter, one per series, drawn as SVG elements (attributes and classes only: the CSP
 * forbids style attributes). The chart is an image with a title; the table beside it carries the
 * same numbers for screen readers and for copying.
 */
function quarterChart(title, quarters, series) {
  const titleId = uid('chart');
  const max = Math.max(1, ...series.flatMap((s) => quarters.map((q) => s.value(q))));
  const plot = CHART.height - CHART.top - CHART.bottom;
  const barWidth = (CHART.group - CHART.gap) / series.length;
  const width = CHART.left * 2 + quarters.length * CHART.group;
  const bars = quarters.flatMap((quarter, qi) => {
    const x0 = CHART.left + qi * CHART.group + CHART.gap / 2;
    return [
      ...series.map((s, si) => {
        const value = s.value(quarter);
        const barHeight = Math.round((value / max) * plot);
        const x = x0 + si * barWidth;
        const y = CHART.top + plot - barHeight;
        return svg(
          'g',
          {},
          svg('rect', { class: `chart-bar ${s.className}`, x, y, width: barWidth - 2, height: barHeight }),
          svg('text', { class: 'chart-value', x: x + (barWidth - 2) / 2, y: y - 4, 'text-anchor': 'middle' }, String(value)),
        );
      }),
      svg('text', { class: 'chart-label', x: x0 + (CHART.group - CHART.gap) / 2, y: CHART.height - 8, 'text-anchor': 'middle' }, quarter),
    ];
  });
  const chart = svg(
    'svg',
    {
      class: 'chart',
      role: 'img',
      'aria-labelledby': titleId,
      viewBox: `0 0 ${width} ${CHART.height}`,
      width,
      height: CHART.height,
      preserveAspectRatio: 'xMinYMin meet',
    },
    svg('title', { id: titleId }, title),
    svg('line', { class: 'chart-axis', x1: CHART.left, x2: width - CHART.left, y1: CHART.top + plot, y2: CHART.top + plot }),
    bars,
  );
  const legend =
    series.length > 1
      ? h(
          'ul',
          { class: 'chart-legend' },
          series.map((s) => h('li', {}, h('span', { class: `chart-swatch ${s.className}`, 'aria-hidden': 'true' }), s.label)),
        )
      : null;
  return h('figure', { class: 'chart-figure' }, h('div', { class: 'chart-scroll' }, chart), legend);
}

const count = (items, key) => (value) => items.filter((i) => i[key] === value).reduce((sum, i) => sum + (i.cases ?? 0), 0);

/** What an officer reports upward, at the bounds: cases by category, province and quarter; listings and removals. */
export async function statisticsView(view, { params, bounds, signal, go }) {
  const fromQuarter = h('input', {
    type: 'text',
    name: 'fromQuarter',
    value: params.get('fromQuarter') ?? '',
    placeholder: '2025-Q1',
    pattern: '\\d{4}-Q[1-4]',
    autocomplete: 'off',
    class: 'code',
  });
  const toQuarter = h('input', {
    type: 'text',
    name: 'toQuarter',
    value: params.get('toQuarter') ?? '',
    placeholder: '2025-Q4',
    pattern: '\\d{4}-Q[1-4]',
    autocomplete: 'off',
    class: 'code',
  });
  const form = h(
    'form',
    {
      class: 'card filters',
      onsubmit: (event) => {
        event.preventDefault();
        go('/statistics', { fromQuarter: fromQuarter.value.trim(), toQuarter: toQuarter.value.trim() });
      },
    },
    field(t('stats.fromQuarter'), fromQuarter, t('stats.quarterHint')),
    field(t('stats.toQuarter'), toQuarter),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('filter'))),
  );
  view.append(h('h1', { tabindex: '-1' }, t('stats.title')), h('p', { class: 'intro' }, t('stats.intro')), form);
  const range = { fromQuarter: params.get('fromQuarter'), toQuarter: params.get('toQuarter'), ...bounds };
  // One dimension per question, as the report upward asks them; the API groups by what `by` names.
  let answers;
  try {
    answers = await Promise.all([
      getJson('/v1/statistics/cases', { ...range, by: 'quarter' }, signal),
      getJson('/v1/statistics/cases', { ...range, by: 'violation' }, signal),
      getJson('/v1/statistics/cases', { ...range, by: 'province' }, signal),
      getJson('/v1/statistics/credit-list', range, signal),
    ]);
  } catch (error) {
    // A refused range (400) is shown under the form that made it, which stays to correct it.
    if (!(error instanceof ApiError && error.status === 400)) throw error;
    view.append(h('p', { class: 'error', role: 'alert' }, errorText(error)));
    return;
  }
  const [byQuarter, byViolation, byProvince, listings] = answers;
  view.append(h('p', { class: 'hint', id: 'stats-total' }, t('stats.total', { total: byQuarter.total, day: byQuarter.day })));

  const caseQuarters = quarterRange(byQuarter.items.map((i) => i.quarter));
  const casesIn = count(byQuarter.items, 'quarter');
  const caseSeries = [{ label: t('stats.cases'), className: 'chart-cases', value: casesIn }];
  const listed = (quarter) => listings.items.filter((i) => i.quarter === quarter).reduce((sum, i) => sum + i.listed, 0);
  const removed = (quarter) => listings.items.filter((i) => i.quarter === quarter).reduce((sum, i) => sum + i.removed, 0);
  const listingQuarters = quarterRange(listings.items.map((i) => i.quarter));

  view.append(
    h(
      'div',
      { class: 'grid' },
      section(
        t('stats.byQuarter'),
        caseQuarters.length ? quarterChart(t('stats.byQuarterChart'), caseQuarters, caseSeries) : null,
        dataTable({
          caption: t('stats.byQuarter'),
          columns: [
            { label: t('col.quarter'), cell: (q) => q, nowrap: true },
            { label: t('stats.cases'), cell: (q) => String(casesIn(q)) },
          ],
          rows: caseQuarters,
        }),
      ),
      section(
        t('stats.listings'),
        listingQuarters.length
          ? quarterChart(t('stats.listingsChart'), listingQuarters, [
              { label: t('stats.listed'), className: 'chart-listed', value: listed },
              { label: t('stats.removed'), className: 'chart-removed', value: removed },
            ])
          : null,
        dataTable({
          caption: t('stats.listings'),
          columns: [
            { label: t('col.quarter'), cell: (i) => i.quarter, nowrap: true },
            { label: t('col.list'), cell: (i) => label('list', i.list) },
            { label: t('stats.listed'), cell: (i) => String(i.listed) },
            { label: t('stats.removed'), cell: (i) => String(i.removed) },
          ],
          rows: listings.items,
        }),
      ),
      section(
        t('stats.byViolation'),
        dataTable({
          caption: t('stats.byViolation'),
          columns: [
            { label: t('col.violation'), cell: (i) => label('violation', i.violation) },
            { label: t('stats.cases'), cell: (i) => String(i.cases) },
          ],
          rows: byViolation.items,
        }),
      ),
      section(
        t('stats.byProvince'),
        dataTable({
          caption: t('stats.byProvince'),
          columns: [
            { label: t('col.province'), cell: (i) => (i.province ? provinceName(i.province) : '—') },
            { label: t('stats.cases'), cell: (i) => String(i.cases) },
          ],
          rows: byProvince.items,
        }),
      ),
    ),
  );
}
