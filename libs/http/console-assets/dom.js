import { ApiError, getJson } from './api.js';
import { t } from './i18n.js';

/**
 * Builds elements from data with text nodes only, never HTML strings, so nothing the ledger
 * returns (names, reasons, minutes) can become markup. No inline styles: the CSP forbids them.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `h` for SVG: charts are drawn with presentation attributes and classes, never a style attribute. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, String(value));
  }
  return append(element, children);
}

let ids = 0;
/** A fresh id for pairing labels with inputs and results with buttons. */
export const uid = (prefix) => `${prefix}-${++ids}`;

/** `tone`: ok, warn, bad or muted; each pairs text and background at 7:1 or better. */
export const badge = (text, tone = 'muted') => h('span', { class: `badge badge-${tone}` }, text);

/**
 * A table with a caption for screen readers and the first cell of each row as its header.
 * `columns`: `[{label, cell(row), nowrap?}]`; dates and times are `nowrap`, so they never break
 * at their hyphens. Each cell carries its column's label, which narrow screens show beside it
 * when rows are laid out as cards.
 */
export function dataTable({ caption, columns, rows, empty = t('none'), className = '' }) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: `table-wrap ${className}` },
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col' }, c.label)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            columns.map((c, i) =>
              i === 0
                ? h('th', { scope: 'row' }, c.cell(row))
                : h('td', { 'data-label': c.label, class: c.nowrap ? 'nowrap' : null }, c.cell(row)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A labelled form control; `control` is the input or select element, which gets the id. */
export function field(labelText, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  );
}

export function select(name, options, value) {
  return h(
    'select',
    { name },
    options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text)),
  );
}

export const section = (title, ...content) => {
  const id = uid('section');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content);
};

/** An API failure in the officer's words; the problem's own detail where the ledger gave one. */
export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network');
    if (error.status === 403) return t('error.forbidden');
    return t('error.http', { status: error.status, detail: error.problem?.detail ?? error.message });
  }
  return String(error?.message ?? error);
}

/**
 * Fills `container` with the first page of a list and a "load more" for the next. A refused
 * filter (400) is shown where the results would be; on the first page an expired token goes up to
 * the router, which asks for sign-in again. A page left before its list arrived has nothing to show.
 */
export async function paged(container, path, query, signal, render) {
  const items = [];
  const load = async (cursor) => {
    try {
      const page = await getJson(path, { ...query, cursor }, signal);
      items.push(...page.items);
      const more = page.nextCursor
        ? h('button', { type: 'button', class: 'secondary', onclick: () => load(page.nextCursor) }, t('more'))
        : null;
      container.replaceChildren(...render(items, page), more ?? '');
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (cursor === undefined && error instanceof ApiError && error.status === 401) throw error;
      container.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorText(error)));
    }
  };
  await load();
}
