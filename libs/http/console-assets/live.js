import { ApiError, getJson, readFeed } from './api.js';
import { badge, errorText, field, h, section } from './dom.js';
import { formatInstant, label, t } from './i18n.js';
import { checkpointSignatureValid, keyFingerprint } from './integrity.js';
import { eventAt, latestCheckpoint, showProof } from './proofs.js';

/** "Penalty and blacklist events" as api.md defines them for subscribers. */
const FEED_TYPES = ['PenaltyImposed', 'PenaltyAnnulled', 'CreditListEntryAdded', 'CreditListEntryRemoved', 'LicenceRevoked'];
/** The server's own `retry:` advice to SSE clients. */
const RETRY_MS = 2000;

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

function feedItem(event, link) {
  const uscc = event.data?.uscc;
  return h(
    'li',
    { class: 'feed-item' },
    h('span', { class: 'feed-time' }, formatInstant(event.recordedAt)),
    badge(label('type', event.type), event.type === 'PenaltyAnnulled' || event.type === 'CreditListEntryRemoved' ? 'ok' : 'bad'),
    uscc ? h('a', { href: link(`/enterprise/${uscc}`), class: 'code' }, uscc) : null,
    event.data?.list ? h('span', {}, label('list', event.data.list)) : null,
    event.metadata?.documentNo ? h('span', {}, event.metadata.documentNo) : null,
    h('span', { class: 'event-code' }, `#${event.position}`),
  );
}

/**
 * Follows the feed from a position (or from the head of the log), reconnecting after a drop
 * from the last position seen, as a Last-Event-ID client would: none is skipped or shown twice.
 */
export async function feedView(view, { signal, link }) {
  const from = h('input', { type: 'number', name: 'from', min: '0', step: '1', inputmode: 'numeric' });
  const status = h('p', { class: 'feed-status', id: 'feed-status', role: 'status' });
  const list = h('ol', { class: 'feed-list', id: 'feed-list' });
  let running = null;

  const stop = () => {
    running?.abort();
    running = null;
    status.textContent = t('feed.stopped');
  };

  const follow = async () => {
    running?.abort();
    const own = new AbortController();
    running = own;
    signal.addEventListener('abort', () => own.abort(), { once: true });
    status.textContent = t('feed.connecting');
    try {
      let after = from.value === '' ? (await getJson('/v1/projections', {}, own.signal)).head : Number(from.value);
      while (!own.signal.aborted) {
        try {
          const onOpen = () => {
            status.textContent = t('feed.live', { position: after });
          };
          for await (const message of readFeed({ types: FEED_TYPES.join(','), fromPosition: after }, own.signal, onOpen)) {
            if (message.event === 'dropped') break;
            const event = JSON.parse(message.data);
            after = event.position;
            list.querySelector('.empty')?.remove();
            list.prepend(feedItem(event, link));
          }
        } catch (error) {
          // A refusal will not change by asking again; anything else (a drop, a restart) is retried.
          if (error.name === 'AbortError' || (error instanceof ApiError && [400, 401, 403].includes(error.status))) throw error;
        }
        if (own.signal.aborted) break;
        status.textContent = t('feed.retrying', { seconds: RETRY_MS / 1000, position: after });
        await sleep(RETRY_MS, own.signal);
      }
    } catch (error) {
      if (error.name !== 'AbortError') status.textContent = errorText(error);
    }
  };

  const form = h(
    'form',
    {
      class: 'card filters',
      onsubmit: (event) => {
        event.preventDefault();
        list.replaceChildren(h('li', { class: 'empty' }, t('feed.empty')));
        follow();
      },
    },
    field(t('feed.from'), from),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, t('feed.start')),
      h('button', { type: 'button', class: 'secondary', onclick: stop }, t('feed.stop')),
    ),
  );
  list.append(h('li', { class: 'empty' }, t('feed.empty')));
  view.append(
    h('h1', { tabindex: '-1' }, t('feed.title')),
    h('p', { class: 'intro' }, t('feed.intro')),
    form,
    status,
    section(t('feed.events'), list),
  );
  follow();
}

export async function integrityView(view, { signal }) {
  view.append(h('h1', { tabindex: '-1' }, t('integrity.title')), h('p', { class: 'intro' }, t('integrity.intro')));
  const { checkpoint, missing } = await latestCheckpoint(signal);
  if (!checkpoint) {
    view.append(h('p', { class: 'notice', id: 'integrity-unavailable', role: 'status' }, t('verify.unavailable', { detail: missing })));
    return;
  }
  const canCheck = Boolean(globalThis.crypto?.subtle);
  const [signatureValid, fingerprint] = canCheck
    ? await Promise.all([checkpointSignatureValid(checkpoint).catch(() => false), keyFingerprint(checkpoint.publicKey)])
    : [null, null];
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  view.append(
    section(
      t('integrity.checkpoint'),
      h(
        'dl',
        { class: 'identity checkpoint' },
        row(t('integrity.treeSize'), String(checkpoint.treeSize)),
        row(t('integrity.rootHash'), h('span', { class: 'code hash' }, checkpoint.rootHash)),
        row(t('integrity.issuedAt'), formatInstant(checkpoint.issuedAt)),
        row(
          t('integrity.signature'),
          canCheck
            ? badge(t(signatureValid ? 'integrity.sigValid' : 'integrity.sigInvalid'), signatureValid ? 'ok' : 'bad')
            : t('verify.noCrypto'),
        ),
        fingerprint ? row(t('integrity.key'), h('span', { class: 'code hash' }, fingerprint)) : null,
      ),
    ),
  );
  const position = h('input', { type: 'number', name: 'position', min: '1', step: '1', inputmode: 'numeric', required: true });
  const result = h('p', { class: 'proof-result', id: 'position-proof', role: 'status' });
  view.append(
    section(
      t('integrity.byPosition'),
      h(
        'form',
        {
          class: 'filters',
          onsubmit: (event) => {
            event.preventDefault();
            const at = Number(position.value);
            showProof(result, () => eventAt(at, signal), at, signal);
          },
        },
        field(t('integrity.position'), position),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('integrity.verify'))),
      ),
      result,
    ),
  );
}
