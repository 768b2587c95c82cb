import { allItems, getOrNull } from './api.js';
import { badge, dataTable, field, h, section } from './dom.js';
import { caseLink } from './cases.js';
import { label, provinceName, t } from './i18n.js';

const OUTCOME_TONES = { pending: 'warn', compliant: 'ok', findings: 'bad', 'case-opened': 'bad' };
const DRAW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An inspection's outcome, with the case it opened where it opened one. */
export function outcomeCell(inspection, link) {
  const tag = badge(label('outcome', inspection.outcome), OUTCOME_TONES[inspection.outcome]);
  return inspection.caseId ? h('span', { class: 'badges' }, tag, caseLink(link, inspection.caseId)) : tag;
}

/** 双随机 draws, newest first, with how many of their inspections have an outcome; and a way in by id. */
export async function drawsView(view, { bounds, signal, link, go }) {
  const drawId = h('input', {
    type: 'text',
    name: 'drawId',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'code',
    required: true,
    pattern: DRAW_ID.source,
  });
  view.append(
    h('h1', { tabindex: '-1' }, t('draws.title')),
    h('p', { class: 'intro' }, t('draws.intro')),
    h(
      'form',
      {
        class: 'card filters',
        onsubmit: (event) => {
          event.preventDefault();
          go(`/inspections/${drawId.value.trim().toLowerCase()}`);
        },
      },
      field(t('draws.byId'), drawId),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('draws.open'))),
    ),
  );
  const draws = await allItems('/v1/inspection-draws', bounds, signal);
  view.append(
    section(
      t('draws.list'),
      dataTable({
        caption: t('draws.list'),
        columns: [
          { label: t('col.drawnOn'), cell: (d) => h('a', { href: link(`/inspections/${d.drawId}`) }, d.drawnOn), nowrap: true },
          { label: t('col.authority'), cell: (d) => d.authority ?? '—' },
          { label: t('draws.pool'), cell: (d) => poolText(d) },
          { label: t('draws.sample'), cell: (d) => t('draws.sampleOf', { size: d.sampleSize, pool: d.poolSize }) },
          {
            label: t('draws.outcomes'),
            cell: (d) =>
              badge(t('draws.recordedOf', { recorded: d.outcomesRecorded, size: d.drawn }), d.outcomesPending > 0 ? 'warn' : 'ok'),
          },
          { label: t('draws.seed'), cell: (d) => h('span', { class: 'code' }, d.seed) },
        ],
        rows: draws,
        empty: t('draws.none'),
      }),
    ),
  );
}

/** The pool's basis: the authority's licensees (version 2), or the register as a version 1 draw recorded it. */
function poolText(draw) {
  const basis = draw.poolBasis ?? { rule: 'registered-enterprises', province: draw.poolFilter?.province ?? null };
  const province = basis.province ? provinceName(basis.province) : null;
  return [label('poolRule', basis.rule), province].filter(Boolean).join(t('sep'));
}

/** One draw, at the page's bounds: each drawn enterprise in draw order with its inspectors and outcome. */
export async function drawView(view, { match, bounds, signal, link }) {
  const id = match[1];
  const draw = await getOrNull(`/v1/inspection-draws/${id}`, bounds, signal);
  view.append(h('h1', { tabindex: '-1' }, draw ? t('draw.title', { on: draw.drawnOn }) : t('draws.title')));
  if (!draw) {
    view.append(h('p', { class: 'notice', role: 'status' }, t('draw.notFound', { id })));
    return;
  }
  // Names make the list readable; a drawn enterprise's summary is one read each, and samples are small.
  const names = new Map(
    await Promise.all(
      draw.inspections.map(async (i) => [i.uscc, (await getOrNull(`/v1/enterprises/${i.uscc}`, {}, signal))?.name ?? null]),
    ),
  );
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  view.append(
    h(
      'dl',
      { class: 'identity', id: 'draw-identity' },
      row(t('col.authority'), draw.authority ?? '—'),
      row(t('draws.pool'), poolText(draw)),
      row(t('draws.sample'), t('draws.sampleOf', { size: draw.sampleSize, pool: draw.poolSize })),
      row(t('draws.seed'), h('span', { class: 'code' }, draw.seed)),
      row(
        t('draw.reproduced'),
        badge(t(draw.reproduced?.valid ? 'draw.reproducedOk' : 'draw.reproducedBad'), draw.reproduced?.valid ? 'ok' : 'bad'),
      ),
      row(t('draws.outcomes'), t('draw.pending', { pending: draw.outcomesPending, size: draw.inspections.length })),
    ),
    section(
      t('draw.inspections'),
      dataTable({
        caption: t('draw.inspections'),
        columns: [
          { label: t('col.enterprise'), cell: (i) => h('a', { href: link(`/enterprise/${i.uscc}`) }, names.get(i.uscc) ?? i.uscc) },
          { label: t('col.uscc'), cell: (i) => h('span', { class: 'code' }, i.uscc) },
          { label: t('col.inspectors'), cell: (i) => i.inspectors.join(t('comma')) },
          { label: t('col.outcome'), cell: (i) => outcomeCell(i, link) },
          { label: t('col.findings'), cell: (i) => i.findings ?? '—' },
          { label: t('col.inspectedOn'), cell: (i) => i.inspectedOn ?? '—', nowrap: true },
        ],
        rows: draw.inspections,
      }),
    ),
  );
}
