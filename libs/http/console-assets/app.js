import { ApiError, consoleSettings, devToken, getJson, queryString, session } from './api.js';
import { caseView } from './cases.js';
import { errorText, field, h } from './dom.js';
import { enterpriseView, searchView } from './enterprise.js';
import { beijingLocalValue, formatInstant, language, setLanguage, t } from './i18n.js';
import { creditListView, licencesView, numbersView } from './lists.js';
import { drawsView, drawView } from './inspections.js';
import { feedView, integrityView } from './live.js';
import { publicationsView, publicationView } from './publications.js';
import { statisticsView } from './statistics.js';
import { asOfFromInput, boundsOf, travelling } from './time.js';
import { worklistsView } from './worklists.js';

// Hash routes: the server serves one page, and every view has an address an officer can share.
const ROUTES = [
  { pattern: /^\/$/, view: searchView, nav: 'search' },
  { pattern: /^\/enterprise\/([0-9A-Z]{18})$/, view: enterpriseView, nav: 'search', timeTravel: true },
  { pattern: /^\/worklists$/, view: worklistsView, nav: 'worklists', timeTravel: true },
  { pattern: /^\/case\/([0-9a-f-]{36})$/, view: caseView, nav: 'search', timeTravel: true },
  { pattern: /^\/credit-list$/, view: creditListView, nav: 'creditList', timeTravel: true },
  { pattern: /^\/publications$/, view: publicationsView, nav: 'publications', timeTravel: true },
  {
    pattern: /^\/publications\/((?:MIIT|\d{6})-\d{4}-Q[1-4]-(?:bad|dishonest))$/,
    view: publicationView,
    nav: 'publications',
    timeTravel: true,
  },
  { pattern: /^\/inspections$/, view: drawsView, nav: 'inspections', timeTravel: true },
  { pattern: /^\/inspections\/([0-9a-f-]{36})$/, view: drawView, nav: 'inspections', timeTravel: true },
  { pattern: /^\/statistics$/, view: statisticsView, nav: 'statistics', timeTravel: true },
  { pattern: /^\/licences$/, view: licencesView, nav: 'licences', timeTravel: true },
  { pattern: /^\/numbers$/, view: numbersView, nav: 'numbers', timeTravel: true },
  { pattern: /^\/feed$/, view: feedView, nav: 'feed' },
  { pattern: /^\/integrity$/, view: integrityView, nav: 'integrity' },
];

const $ = (id) => document.getElementById(id);
const main = $('main');
let active = null;
let shownPath = null;
let signInNotice = null;

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, query = ''] = raw.split('?');
  return { path, params: new URLSearchParams(query) };
}

/** An address for a view; time-travel bounds stay with the officer from page to page. */
function link(path, params = {}) {
  const { params: current } = parseHash();
  const { asOf, validAt } = boundsOf(current);
  return `#${path}${queryString({ ...params, asOf, validAt })}`;
}

const go = (path, params) => {
  location.hash = link(path, params);
};

function tokenUsable() {
  const claims = session.claims();
  return Boolean(claims) && (typeof claims.exp !== 'number' || claims.exp * 1000 > Date.now());
}

function applyStaticText() {
  document.documentElement.lang = language();
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-aria]')) element.setAttribute('aria-label', t(element.dataset.i18nAria));
  const toggle = $('lang-toggle');
  toggle.textContent = t('lang.switch');
  toggle.lang = language() === 'en' ? 'zh-CN' : 'en';
  toggle.setAttribute('aria-label', t('lang.switchLabel'));
  $('footer-text').replaceChildren(t('footer.contract'), ' ', h('a', { href: '/docs' }, t('footer.docs')));
}

function renderChrome(route, bounds) {
  const signedIn = tokenUsable();
  const claims = session.claims();
  $('who').textContent = signedIn ? t('session.who', { sub: claims.sub, roles: (claims.roles ?? []).join(', ') }) : '';
  $('sign-out').hidden = !signedIn;
  $('nav').hidden = !signedIn;
  for (const a of document.querySelectorAll('[data-nav]')) {
    const path = new URL(a.href).hash.slice(1).split('?')[0];
    a.href = link(path);
    if (a.dataset.nav === route.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  $('time-travel').hidden = !signedIn || !route.timeTravel;
  $('as-of').value = bounds.asOf ? beijingLocalValue(bounds.asOf) : '';
  $('valid-at').value = bounds.validAt ?? '';
  const banner = $('time-banner');
  banner.hidden = !signedIn || !travelling(bounds);
  banner.replaceChildren(
    ...[
      bounds.asOf && h('span', {}, t('time.bannerAsOf', { asOf: formatInstant(bounds.asOf) })),
      bounds.validAt &&
        h('span', {}, t('time.bannerValidAt', { validAt: bounds.validAt, basis: t(bounds.asOf ? 'time.basisAsOf' : 'time.basisNow') })),
    ].filter(Boolean),
  );
}

/**
 * Focus after drawing: a new page puts it on its heading; a view drawn again in place (a search,
 * a filter) gives it back to the control that had it; the first load leaves it at the top.
 */
function focusAfterDrawing(view, before) {
  const again = !before.navigated && before.name ? view.querySelector(`[name="${CSS.escape(before.name)}"]`) : null;
  if (again) return again.focus();
  const lost = document.activeElement === null || document.activeElement === document.body;
  if (!before.first && (before.navigated || before.inMain || lost)) (view.querySelector('h1') ?? main).focus();
}

async function render() {
  active?.abort();
  active = new AbortController();
  const { signal } = active;
  const { path, params } = parseHash();
  const route = ROUTES.find((r) => r.pattern.test(path)) ?? ROUTES[0];
  const bounds = route.timeTravel ? boundsOf(params) : {};
  const inMain = main.contains(document.activeElement);
  const before = {
    first: shownPath === null,
    navigated: path !== shownPath,
    inMain,
    name: inMain ? document.activeElement.getAttribute('name') : null,
  };
  shownPath = path;
  renderChrome(route, bounds);
  document.title = `${t('app.docTitle')} · ${t('app.title')}`;
  const view = h('div', { class: 'view' });
  if (!tokenUsable()) {
    await loginView(view);
    main.replaceChildren(view);
    focusAfterDrawing(view, before);
    return;
  }
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, t('loading')));
  try {
    await route.view(view, { match: path.match(route.pattern), params, bounds, signal, link, go });
  } catch (error) {
    if (error.name === 'AbortError') return;
    if (error instanceof ApiError && error.status === 401) {
      session.signOut();
      signInNotice = t('login.invalid');
      return render();
    }
    view.replaceChildren(h('p', { class: 'error', role: 'alert' }, errorText(error)));
  }
  if (signal.aborted) return;
  main.replaceChildren(view);
  focusAfterDrawing(view, before);
}

async function loginView(view) {
  const notice = h('p', { class: 'error', role: 'alert', hidden: !signInNotice }, signInNotice ?? '');
  signInNotice = null;
  const token = h('textarea', { name: 'token', rows: '4', autocomplete: 'off', spellcheck: 'false', required: true });
  const fail = (text) => {
    notice.textContent = text;
    notice.hidden = false;
  };
  const signIn = async (value) => {
    session.signIn(value);
    try {
      await getJson('/v1/enterprises', { limit: 1 });
      render();
    } catch (error) {
      session.signOut();
      fail(
        error instanceof ApiError && error.status === 401
          ? t('login.invalid')
          : error instanceof ApiError && error.status === 403
            ? t('login.role')
            : errorText(error),
      );
    }
  };
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: (event) => {
        event.preventDefault();
        const value = token.value.trim().replace(/^Bearer\s+/i, '');
        if (!value) return fail(t('login.empty'));
        signIn(value);
      },
    },
    field(t('login.token'), token, t('login.tokenHint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('login.submit'))),
  );
  const { devLogin } = await consoleSettings();
  const dev = devLogin
    ? h(
        'div',
        { class: 'card login' },
        h(
          'button',
          {
            type: 'button',
            id: 'dev-login',
            onclick: async () => {
              try {
                await signIn(await devToken());
              } catch (error) {
                fail(errorText(error));
              }
            },
          },
          t('login.dev'),
        ),
        h('p', { class: 'hint' }, t('login.devHint')),
      )
    : null;
  view.replaceChildren(h('h1', { tabindex: '-1' }, t('login.title')), h('p', { class: 'intro' }, t('login.intro')), notice, form, dev);
}

$('time-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const { path, params } = parseHash();
  const asOf = asOfFromInput($('as-of').value);
  const validAt = $('valid-at').value || undefined;
  location.hash = `#${path}${queryString({ ...Object.fromEntries(params), asOf, validAt })}`;
});

$('time-reset').addEventListener('click', () => {
  const { path, params } = parseHash();
  params.delete('asOf');
  params.delete('validAt');
  location.hash = `#${path}${queryString(Object.fromEntries(params))}`;
});

$('lang-toggle').addEventListener('click', () => {
  setLanguage(language() === 'en' ? 'zh-CN' : 'en');
  applyStaticText();
  render();
});

$('sign-out').addEventListener('click', () => {
  session.signOut();
  render();
});

// The skip link moves focus without touching the address, which the router owns.
$('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', render);
applyStaticText();
render();
