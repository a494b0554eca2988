// api.js - the one place that talks to the server's JSON API (/api/v1).
// Errors come back as ApiError with the problem document's type, status
// and per-field errors, so pages can show them in the reader's language.
// Unsafe requests (POST, PUT, PATCH, DELETE) carry the CSRF token from the
// `csrf` cookie in X-CSRF-Token and a JSON body (docs/security.md).

export class ApiError extends Error {
  constructor(kind, status, problem) {
    super(problem?.title || kind);
    this.kind = kind;           // invalid, unauthorized, not_found, ..., network, bad_response
    this.status = status;
    this.problem = problem || null;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

const BY_STATUS = {
  400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 412: 'precondition_failed', 413: 'too_big', 428: 'precondition_required', 429: 'rate_limited',
};

/** The last path segment of a problem type URI ("https://…/problems/invalid" -> "invalid"). */
export function problemKind(type, status) {
  if (typeof type === 'string' && type && type !== 'about:blank') {
    const m = /([a-z_]+)\/?$/.exec(type.replace(/#/, '/'));
    if (m) return m[1];
  }
  if (BY_STATUS[status]) return BY_STATUS[status];
  if (status >= 500) return 'internal';
  return 'unknown';
}

function apiUrl(path, params) {
  const url = new URL(path.startsWith('/') ? path : `/api/v1/${path}`, location.origin);
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null || v === '') continue;
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one));
    }
  }
  return url;
}

/** The value of cookie name, or ''. */
export function cookie(name) {
  for (const part of document.cookie.split(/;\s*/)) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i) === name) {
      try { return decodeURIComponent(part.slice(i + 1)); } catch { return part.slice(i + 1); }
    }
  }
  return '';
}

async function call(method, url, { body, signal, ifMatch } = {}) {
  const headers = { Accept: 'application/json' };
  const unsafe = method !== 'GET' && method !== 'HEAD';
  if (unsafe) {
    const token = cookie('csrf');
    if (token) headers['X-CSRF-Token'] = token;
    headers['Content-Type'] = 'application/json';
  }
  if (ifMatch) headers['If-Match'] = ifMatch;
  let resp;
  try {
    resp = await fetch(url, {
      method, signal, headers, credentials: 'same-origin',
      body: unsafe && (method !== 'DELETE' || body) ? JSON.stringify(body ?? {}) : undefined,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('network', 0, null);
  }
  const type = resp.headers.get('Content-Type') || '';
  let data = null;
  if (/json/.test(type) && resp.status !== 204) {
    try {
      data = await resp.json();
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError('bad_response', resp.status, null);
    }
  }
  if (!resp.ok) throw new ApiError(problemKind(data?.type, resp.status), resp.status, data);
  return { body: data, etag: resp.headers.get('ETag'), status: resp.status };
}

/**
 * GET a path under /api/v1 (or an absolute path starting with '/'), with
 * params as an object whose array values repeat the key. Resolves to the
 * parsed JSON; rejects with ApiError, or with an AbortError when aborted.
 */
export async function get(path, params, { signal } = {}) {
  const r = await call('GET', apiUrl(path, params), { signal });
  if (r.body === null) throw new ApiError('bad_response', r.status, null);
  return r.body;
}

/** GET that also gives the ETag (the record's version, for If-Match): {body, etag}. */
export async function getWithEtag(path, { signal } = {}) {
  const r = await call('GET', apiUrl(path), { signal });
  if (r.body === null) throw new ApiError('bad_response', r.status, null);
  return r;
}

/**
 * An unsafe request: method POST, PUT, PATCH or DELETE with a JSON body
 * (an empty object when none), the CSRF header and, for updates, If-Match.
 * Resolves to {body, etag, status} (body null for 204).
 */
export function send(method, path, body, { signal, ifMatch } = {}) {
  return call(method, apiUrl(path), { body, signal, ifMatch });
}

/** Memoised GETs for data that does not change while the page is open. */
const cache = new Map();
export function getCached(path, params) {
  const key = path + '?' + JSON.stringify(params || {});
  if (!cache.has(key)) {
    const p = get(path, params);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return cache.get(key);
}

/** Forgets the memoised GETs of path (any parameters), after that data changed. */
export function forgetCached(path) {
  for (const key of [...cache.keys()]) if (key.startsWith(path + '?')) cache.delete(key);
}
