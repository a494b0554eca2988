// api.js - the one place that talks to the server's JSON API (/api/v1).
// Errors come back as ApiError with the problem document's type, status
// and per-field errors, so pages can show them in the reader's language.

export class ApiError extends Error {
  constructor(kind, status, problem) {
    super(problem?.title || kind);
    this.kind = kind;           // invalid, not_found, ..., network, bad_response
    this.status = status;
    this.problem = problem || null;
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

/** The last path segment of a problem type URI ("https://…/problems/invalid" -> "invalid"). */
export function problemKind(type, status) {
  if (typeof type === 'string' && type) {
    const m = /([a-z_]+)\/?$/.exec(type.replace(/#/, '/'));
    if (m) return m[1];
  }
  if (status === 404) return 'not_found';
  if (status === 400) return 'invalid';
  if (status >= 500) return 'internal';
  return 'unknown';
}

/**
 * GET a path under /api/v1 (or an absolute path starting with '/'), with
 * params as an object whose array values repeat the key. Resolves to the
 * parsed JSON; rejects with ApiError, or with an AbortError when aborted.
 */
export async function get(path, params, { signal } = {}) {
  const url = new URL(path.startsWith('/') ? path : `/api/v1/${path}`, location.origin);
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null || v === '') continue;
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one));
    }
  }
  let resp;
  try {
    resp = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('network', 0, null);
  }
  const type = resp.headers.get('Content-Type') || '';
  let body = null;
  if (/json/.test(type)) {
    try {
      body = await resp.json();
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError('bad_response', resp.status, null);
    }
  }
  if (!resp.ok) throw new ApiError(problemKind(body?.type, resp.status), resp.status, body);
  if (body === null) throw new ApiError('bad_response', resp.status, null);
  return body;
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
