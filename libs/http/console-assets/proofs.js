import { ApiError, getJson } from './api.js';
import { errorText, h, uid } from './dom.js';
import { t } from './i18n.js';
import { verifyInclusion } from './integrity.js';

/**
 * `{checkpoint}`, or `{missing}` saying why there is none: a ledger without integrity endpoints
 * and one with an empty log both answer 404.
 */
export async function latestCheckpoint(signal) {
  try {
    return { checkpoint: await getJson('/v1/integrity/checkpoint', {}, signal) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { missing: error.message };
    throw error;
  }
}

/** The event exactly as the API carries it: the leaf is computed over this JSON, nothing else. */
export async function eventOf(streamId, version, signal) {
  const page = await getJson(`/v1/streams/${encodeURIComponent(streamId)}/events`, { fromVersion: version, limit: 1 }, signal);
  return page.items[0] ?? null;
}

export async function eventAt(position, signal) {
  const page = await getJson('/v1/events', { fromPosition: position - 1, limit: 1 }, signal);
  const event = page.items[0];
  return event?.position === position ? event : null;
}

/** Checks one event against the latest checkpoint; `{ok, text}` for the officer. */
export async function proveEvent(event, signal) {
  if (!globalThis.crypto?.subtle) return { ok: false, text: t('verify.noCrypto') };
  const { checkpoint, missing } = await latestCheckpoint(signal);
  if (!checkpoint) return { ok: false, text: t('verify.unavailable', { detail: missing }) };
  let proof;
  try {
    proof = await getJson(`/v1/integrity/proof/${event.position}`, { treeSize: checkpoint.treeSize }, signal);
  } catch (error) {
    // The checkpoint answered, so a refusal here is about this event: one recorded after it.
    if (error instanceof ApiError && [404, 409, 422].includes(error.status))
      return { ok: false, text: t('verify.notCovered', { detail: error.message }) };
    throw error;
  }
  const result = await verifyInclusion({ event, proof, checkpoint });
  if (result.ok) return { ok: true, text: t('verify.ok', { treeSize: checkpoint.treeSize }) };
  const reasons = [
    !result.signatureValid && t('verify.signature'),
    !result.leafMatches && t('verify.leaf'),
    !result.rootMatches && t('verify.root'),
  ];
  return { ok: false, text: t('verify.failed', { reasons: reasons.filter(Boolean).join(t('sep')) }) };
}

/** Checks the event `find` fetches and writes the outcome into `result`, a live region. */
export async function showProof(result, find, position, signal) {
  result.className = 'proof-result';
  result.textContent = t('verify.running');
  try {
    const event = await find();
    const outcome = event ? await proveEvent(event, signal) : { ok: false, text: t('verify.noEvent', { position }) };
    result.textContent = outcome.text;
    result.classList.add(outcome.ok ? 'proof-ok' : 'proof-bad');
  } catch (error) {
    if (error.name === 'AbortError') return;
    result.textContent = errorText(error);
    result.classList.add('proof-bad');
  }
}

/** The "verify" button of one timeline item, and the place its answer appears. */
export function verifyControl(item, signal) {
  const resultId = uid('proof');
  const result = h('span', { id: resultId, class: 'proof-result', role: 'status' });
  let busy = false;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'aria-label': t('verify.label', { position: item.position }),
      'aria-describedby': resultId,
      onclick: async () => {
        if (busy) return;
        busy = true;
        await showProof(result, () => eventOf(item.streamId, item.version, signal), item.position, signal);
        busy = false;
      },
    },
    t('verify.button'),
  );
  return h('div', { class: 'proof' }, button, result);
}
