// The signed-in session. The access token lives only in memory and is renewed with the refresh
// token before it expires (a minute before, or halfway through a short-lived one).
// The refresh token and the person's profile are kept in localStorage so that a reload, or a
// reload with no network, keeps the person signed in; docs/SECURITY.md weighs that choice.
// Renewals are serialised across tabs with the Web Locks API: refresh tokens are single-use, and
// two tabs renewing the same one at once would look like theft and end the session.
import { NetworkError } from './api.js';
import { LOGOUT_KEY, SESSION_KEY } from './store.js';

export class SessionExpired extends Error {
  constructor() {
    super('Your session has ended. Log in again.');
    this.name = 'SessionExpired';
  }
}

// When to renew a token that lives `lifetime` seconds: a minute before it ends, or halfway
// through a token of two minutes or less; never sooner than a second. Milliseconds.
export function renewalDelay(lifetime) {
  return Math.max(1, lifetime > 120 ? lifetime - 60 : lifetime / 2) * 1000;
}

export class Session {
  constructor({ store, fetch = globalThis.fetch.bind(globalThis), locks = globalThis.navigator?.locks, now = () => Date.now(),
                setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id) }) {
    this.store = store;
    this.fetch = fetch;
    this.locks = locks;
    this.now = now;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.access = null;     // { token, expiresAt }
    this.renewing = null;   // the renewal in flight in this tab
    this.timer = null;
    this.listeners = { expired: new Set(), changed: new Set() };
  }

  get saved() {
    return this.store.get(SESSION_KEY);
  }

  // The person signed in on this device, or null ({ id, email, username, timezone, day_start }).
  get user() {
    return this.saved?.user ?? null;
  }

  get signedIn() {
    return Boolean(this.saved?.refresh_token);
  }

  on(event, listener) {
    this.listeners[event].add(listener);
  }

  emit(event, detail) {
    for (const listener of this.listeners[event]) listener(detail);
  }

  async post(path, body) {
    let response;
    try {
      response = await this.fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
                                          body: JSON.stringify(body), cache: 'no-store' });
    } catch (error) {
      throw new NetworkError(error);
    }
    const data = await response.json().catch(() => null);
    return { status: response.status, data };
  }

  // Logs in: { ok: true, user } or { ok: false, status, problem }; throws NetworkError.
  async login(login, password) {
    const { status, data } = await this.post('/api/v1/auth/login', { login, password });
    if (status !== 200) return { ok: false, status, problem: data };
    this.accept(data);
    const user = await this.fetchUser();
    this.store.set(SESSION_KEY, { refresh_token: data.refresh_token, user });
    this.emit('changed', user);
    return { ok: true, user };
  }

  async fetchUser() {
    let response;
    try {
      response = await this.fetch('/api/v1/users/me', { headers: { Authorization: `Bearer ${this.access.token}`, Accept: 'application/json' }, cache: 'no-store' });
    } catch (error) {
      throw new NetworkError(error);
    }
    return response.json();
  }

  // Keeps the profile current after a settings change.
  rememberUser(user) {
    const saved = this.saved;
    if (saved) this.store.set(SESSION_KEY, { ...saved, user });
    this.emit('changed', user);
  }

  accept(tokens) {
    this.access = { token: tokens.access_token, expiresAt: this.now() + tokens.expires_in * 1000 };
    this.clearTimer(this.timer);
    this.timer = this.setTimer(() => this.refresh().catch(() => {}), renewalDelay(tokens.expires_in));
  }

  // Stops the scheduled renewal until the next log-in or renewal: a password change is about to
  // revoke the refresh token, and a renewal in between would end the session.
  holdRenewal() {
    this.clearTimer(this.timer);
  }

  // A valid access token, renewed first when it is missing or about to end.
  async accessToken() {
    if (this.access && this.now() < this.access.expiresAt - 5000) return this.access.token;
    await this.refresh();
    return this.access.token;
  }

  // Trades the refresh token for new tokens. Throws NetworkError (the session is kept: try again
  // when back online) or SessionExpired (the server refused it: log in again).
  refresh() {
    this.renewing ??= this.renew().finally(() => { this.renewing = null; });
    return this.renewing;
  }

  async renew() {
    const exchange = async () => {
      // Read inside the lock: another tab may have just renewed, leaving a newer token here.
      const saved = this.saved;
      if (!saved?.refresh_token) throw this.expire();
      const { status, data } = await this.post('/api/v1/auth/refresh', { refresh_token: saved.refresh_token });
      if (status === 200) {
        this.accept(data);
        this.store.set(SESSION_KEY, { ...saved, refresh_token: data.refresh_token });
        return;
      }
      if (status === 401) throw this.expire();
      throw new NetworkError(new Error(`refresh answered ${status}`));  // 429, 5xx: try again later
    };
    return this.locks ? this.locks.request('habitd-session', exchange) : exchange();
  }

  // The server refused the session: forget the tokens, keep the profile's id for the queue.
  expire() {
    const user = this.user;
    this.forget();
    this.emit('expired', user);
    return new SessionExpired();
  }

  // Revokes the refresh token on the server and forgets it here. With no network, the token is
  // kept aside (and nothing else) until revokeLeftovers() can reach the server.
  async logout() {
    const saved = this.saved;
    this.forget();
    if (saved?.refresh_token) await this.revoke(saved.refresh_token);
  }

  async revoke(token) {
    try {
      await this.post('/api/v1/auth/logout', { refresh_token: token });
      this.store.remove(LOGOUT_KEY);
    } catch {
      this.store.set(LOGOUT_KEY, token);
    }
  }

  async revokeLeftovers() {
    const token = this.store.get(LOGOUT_KEY);
    if (token) await this.revoke(token);
  }

  forget() {
    this.clearTimer(this.timer);
    this.access = null;
    this.store.remove(SESSION_KEY);
  }
}
