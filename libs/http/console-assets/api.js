// The console reads only the public API, with the officer's own token: it sees what they may see.
import { language } from './i18n.js';

const TOKEN_KEY = 'ledger.console.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  /** Who the token says it is; the signature is the ledger's to check, this is only for display. */
  claims() {
    const token = session.token();
    if (!token) return null;
    try {
      const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return null;
    }
  },
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

export function queryString(params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `?${text}` : '';
}

async function failure(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // a body that is not problem+json leaves only the status to report
  }
  return new ApiError(response.status, problem);
}

async function request(path, init) {
  try {
    return await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
}

export async function getJson(path, params = {}, signal) {
  const response = await request(`${path}${queryString(params)}`, {
    // The API renders the reasons the ledger generated in the officer's language (stored as codes).
    headers: {
      Authorization: `Bearer ${session.token()}`,
      Accept: 'application/json',
      'Accept-Language': language() === 'en' ? 'en' : 'zh-CN',
    },
    signal,
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** The same read, or null where the API answers 404 (a thing that did not exist at that time). */
export async function getOrNull(path, params, signal) {
  try {
    return await getJson(path, params, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Every page of a paginated list; an enterprise's own records are few enough to hold at once. */
export async function allItems(path, params = {}, signal) {
  const items = [];
  let cursor;
  do {
    const page = await getJson(path, { ...params, limit: 500, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

let settings;

/** The console's settings, read once per page load: whether dev login is offered, and the stream prefix of each context. */
export function consoleSettings() {
  settings ??= request('/console/config.json', { headers: { Accept: 'application/json' } }).then((response) =>
    response.ok ? response.json() : { devLogin: false, streamContexts: [] },
  );
  return settings;
}

export async function devToken() {
  const response = await request('/v1/dev/token', { method: 'POST', headers: { Accept: 'application/json' } });
  if (!response.ok) throw await failure(response);
  return (await response.json()).token;
}

/**
 * The SSE feed through fetch: EventSource cannot send an Authorization header. Yields
 * `{id, event, data}` for each message until the server ends the stream or `signal` aborts;
 * `onOpen` runs once the ledger has accepted the subscription.
 */
export async function* readFeed(params, signal, onOpen) {
  const response = await request(`/v1/feed${queryString(params)}`, {
    headers: { Authorization: `Bearer ${session.token()}`, Accept: 'text/event-stream' },
    signal,
  });
  if (!response.ok) throw await failure(response);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = (buffer + value).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const message = parseMessage(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (message) yield message;
    }
  }
}

function parseMessage(block) {
  const message = { id: null, event: 'message', data: [] };
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') message.id = value;
    else if (field === 'event') message.event = value;
    else if (field === 'data') message.data.push(value);
  }
  return message.data.length > 0 ? { ...message, data: message.data.join('\n') } : null;
}
