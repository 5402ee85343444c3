// The console's JSON API client: session and CSRF token, errors as ApiError, 401 handling.

/** An API answer that was not 2xx: the API's `error` message and the `field` at fault, if any. */
export class ApiError extends Error {
  constructor(status, message, field, retryAfter) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field || null;
    this.retryAfter = retryAfter || null;
  }
}

/** What `GET /api/session` said last. */
export const session = { authenticated: false, setupRequired: false, csrfToken: '' };

let unauthorizedHandler = () => {};

/** Called (once per 401) when a call other than login comes back 401. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/** Reloads the session state from the API. */
export async function loadSession() {
  const r = await fetch('/api/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!r.ok) {
    throw new ApiError(r.status, `The console API did not answer (HTTP ${r.status})`);
  }
  const j = await r.json();
  session.authenticated = !!j.authenticated;
  session.setupRequired = !!j.setupRequired;
  session.csrfToken = j.csrfToken || '';
  return session;
}

/** Takes the session a login or setup answered with. */
export function signedIn(answer) {
  session.authenticated = true;
  session.setupRequired = false;
  session.csrfToken = (answer && answer.csrfToken) || '';
}

/** Forgets the session (after logout or a 401). */
export function signedOut() {
  session.authenticated = false;
  session.csrfToken = '';
}

const OPEN_PATHS = ['/api/login', '/api/setup'];

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') {
    headers['X-CSRF-Token'] = session.csrfToken;
  }
  const r = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 401 && !OPEN_PATHS.includes(path)) {
    signedOut();
    unauthorizedHandler();
    throw new ApiError(401, 'Your session has ended: please log in again.');
  }
  return r;
}

async function errorOf(r) {
  let j = null;
  try {
    j = await r.json();
  } catch (e) {
    j = null;
  }
  const retry = r.headers.get('Retry-After');
  let message = (j && j.error) || `The request failed (HTTP ${r.status})`;
  // serve's own message may already say when; say it once.
  if (r.status === 429 && retry && !/try again/i.test(message)) {
    message += ` Try again in ${retry} s.`;
  }
  return new ApiError(r.status, message, j && j.field, retry);
}

/** Calls the API; resolves to the JSON answer (null for 204), rejects with an ApiError. */
export async function call(method, path, body) {
  const r = await send(method, path, body);
  if (!r.ok) {
    throw await errorOf(r);
  }
  if (r.status === 204) {
    return null;
  }
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}

/** Calls the API for an `application/x-ndjson` answer, handing each parsed line to `onLine` as it arrives. */
export async function callLines(method, path, onLine) {
  const r = await send(method, path);
  if (!r.ok) {
    throw await errorOf(r);
  }
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) {
        onLine(JSON.parse(line));
      }
    }
  }
  if (buffer.trim()) {
    onLine(JSON.parse(buffer.trim()));
  }
}

/** A path segment, escaped. */
export function seg(value) {
  return encodeURIComponent(value);
}
