import { badge, dataTable, field, h, paged, section, select } from './dom.js';
import { licencesTable, numbersTable } from './enterprise.js';
import { label, provinceCodes, provinceName, t } from './i18n.js';

function filterForm(fields, onSubmit) {
  return h(
    'form',
    {
      class: 'card filters',
      onsubmit: (event) => {
        event.preventDefault();
        onSubmit();
      },
    },
    fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('filter'))),
  );
}

const usccInput = (value) =>
  h('input', { type: 'text', name: 'uscc', value: value ?? '', maxlength: '18', autocomplete: 'off', class: 'code' });
const heading = (title, intro) => [h('h1', { tabindex: '-1' }, title), h('p', { class: 'intro' }, intro)];

export async function creditListView(view, { params, bounds, signal, link, go }) {
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
    ...heading(t('credit.title'), t('credit.intro')),
    filterForm([field(t('credit.kind'), list)], () => go('/credit-list', { list: list.value })),
  );
  const results = h('div');
  await paged(results, '/v1/credit-list', { list: params.get('list'), ...bounds }, signal, (items, page) => [
    h('p', { class: 'hint' }, t('credit.day', { day: page.day })),
    dataTable({
      caption: t('credit.title'),
      columns: [
        { label: t('col.enterprise'), cell: (e) => h('a', { href: link(`/enterprise/${e.uscc}`) }, e.enterpriseName ?? e.uscc) },
        { label: t('col.uscc'), cell: (e) => h('span', { class: 'code' }, e.uscc) },
        { label: t('col.list'), cell: (e) => badge(label('list', e.list), e.list === 'dishonest' ? 'bad' : 'warn') },
        { label: t('col.reason'), cell: (e) => e.reason },
        { label: t('col.listedOn'), cell: (e) => e.listedOn, nowrap: true },
        { label: t('col.expiresOn'), cell: (e) => e.expiresOn, nowrap: true },
        { label: t('col.authority'), cell: (e) => e.authority ?? '—' },
      ],
      rows: items,
    }),
  ]);
  view.append(section(t('credit.title'), results));
}

export async function licencesView(view, { params, bounds, signal, link, go }) {
  const status = select(
    'status',
    [['', t('any')], ...['valid', 'suspended', 'revoked', 'withdrawn', 'cancelled', 'expired'].map((s) => [s, label('licence', s)])],
    params.get('status') ?? '',
  );
  const province = select(
    'province',
    [['', t('any')], ...provinceCodes().map((code) => [code, provinceName(code)])],
    params.get('province') ?? '',
  );
  const uscc = usccInput(params.get('uscc'));
  const submit = () => go('/licences', { status: status.value, province: province.value, uscc: uscc.value.trim() });
  view.append(
    ...heading(t('licences.title'), t('licences.intro')),
    filterForm([field(t('filter.status'), status), field(t('filter.province'), province), field(t('filter.uscc'), uscc)], submit),
  );
  const results = h('div');
  const query = { status: params.get('status'), province: params.get('province'), uscc: params.get('uscc'), ...bounds };
  await paged(results, '/v1/licences', query, signal, (items) => [licencesTable(items, link)]);
  view.append(section(t('licences.title'), results));
}

export async function numbersView(view, { params, bounds, signal, link, go }) {
  const uscc = usccInput(params.get('uscc'));
  const carrier = select(
    'carrier',
    [['', t('any')], ...['CT', 'CU', 'CM', 'CBN'].map((c) => [c, label('carrier', c)])],
    params.get('carrier') ?? '',
  );
  const outbound = select(
    'outbound',
    [
      ['', t('any')],
      ['true', t('yes')],
      ['false', t('no')],
    ],
    params.get('outbound') ?? '',
  );
  const submit = () => go('/numbers', { uscc: uscc.value.trim(), carrier: carrier.value, outbound: outbound.value });
  view.append(
    ...heading(t('numbers.title'), t('numbers.intro')),
    filterForm([field(t('filter.uscc'), uscc), field(t('filter.carrier'), carrier), field(t('filter.outbound'), outbound)], submit),
  );
  const results = h('div');
  const query = { uscc: params.get('uscc'), carrier: params.get('carrier'), outbound: params.get('outbound'), ...bounds };
  await paged(results, '/v1/numbers', query, signal, (items) => [numbersTable(items, link)]);
  view.append(section(t('numbers.title'), results));
}
