// The public API over fetch: the access token on every call, one renewal and retry on a 401,
// problem+json errors as ApiError, no connection as NetworkError.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
  }

  // { field: message } of a 422's errors, for showing next to each control.
  get fieldErrors() {
    const errors = {};
    for (const { field, message } of this.problem.errors ?? []) errors[field] ??= message;
    return errors;
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super('No connection to the server.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

async function readBody(response) {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204 || response.status === 304) return null;
  if (type.includes('json')) return response.json().catch(() => null);
  return response.text();
}

export class Api {
  // `onReachable` is called after every answer from the server, whatever its status.
  constructor({ session, fetch = globalThis.fetch.bind(globalThis), onReachable = () => {} }) {
    this.session = session;
    this.fetch = fetch;
    this.onReachable = onReachable;
  }

  // One request: { method, path, body?, idempotencyKey?, ifNoneMatch?, auth = true }. Resolves to
  // { status, body, headers } whatever the status; throws NetworkError or SessionExpired.
  // `ifNoneMatch`: the ETag of a copy the caller holds; the answer is then 304 while it is current.
  async send({ method = 'GET', path, body, idempotencyKey, ifNoneMatch, auth = true, accept }) {
    for (let attempt = 0; ; attempt += 1) {
      const headers = { Accept: accept ?? 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
      if (ifNoneMatch) headers['If-None-Match'] = ifNoneMatch;
      if (auth) headers.Authorization = `Bearer ${await this.session.accessToken()}`;
      let response;
      try {
        response = await this.fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
      } catch (error) {
        throw new NetworkError(error);
      }
      this.onReachable();
      // A token the server no longer takes (expired early, secret rotated): renew once, retry.
      if (response.status === 401 && auth && attempt === 0) {
        await this.session.refresh();
        continue;
      }
      return { status: response.status, body: await readBody(response), headers: response.headers };
    }
  }

  // Like send, but a status of 400 or more throws ApiError; resolves to the body.
  async call(method, path, body, options = {}) {
    const answer = await this.send({ method, path, body, ...options });
    if (answer.status >= 400) throw new ApiError(answer.status, typeof answer.body === 'object' ? answer.body : null);
    return answer.body;
  }

  get(path, options) { return this.call('GET', path, undefined, options); }
  post(path, body, options) { return this.call('POST', path, body, options); }
  patch(path, body, options) { return this.call('PATCH', path, body, options); }
  delete(path, body, options) { return this.call('DELETE', path, body, options); }
}
