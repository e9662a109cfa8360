// Sessions: renewal before expiry, one renewal at a time, expiry keeps the person's id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, SessionExpired, renewalDelay } from '../../webapp/session.js';
import { LocalStore, SESSION_KEY } from '../../webapp/store.js';
import { MemoryStorage } from './memory-storage.mjs';

test('renewal comes a minute before a token ends, or halfway through a short-lived one', () => {
  assert.equal(renewalDelay(900), 840_000);   // 15 minutes: after 14
  assert.equal(renewalDelay(121), 61_000);
  assert.equal(renewalDelay(120), 60_000);    // 2 minutes: halfway
  assert.equal(renewalDelay(20), 10_000);
  assert.equal(renewalDelay(0), 1000);        // never a busy loop
});

function server({ refreshStatus = 200 } = {}) {
  const calls = [];
  let counter = 0;
  const fetch = async (path, init) => {
    const body = init?.body ? JSON.parse(init.body) : null;
    calls.push({ path, body });
    const json = (status, data) => ({ status, json: async () => data });
    if (path === '/api/v1/auth/login') return json(200, { access_token: 'a0', expires_in: 900, refresh_token: 'r0' });
    if (path === '/api/v1/users/me') return json(200, { id: 'u1', username: 'ada' });
    if (path === '/api/v1/auth/refresh') {
      if (refreshStatus !== 200) return json(refreshStatus, { status: refreshStatus });
      counter += 1;
      return json(200, { access_token: `a${counter}`, expires_in: 900, refresh_token: `r${counter}` });
    }
    if (path === '/api/v1/auth/logout') return json(204, null);
    throw new TypeError('unexpected');
  };
  return { fetch, calls };
}

function session(fetch, clock = { t: 0 }, timers = []) {
  return new Session({ store: new LocalStore(new MemoryStorage()), fetch, locks: null, now: () => clock.t,
                       setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length; }, clearTimer: () => {} });
}

test('log-in keeps the refresh token and profile, the access token only in memory, and schedules renewal', async () => {
  const { fetch } = server();
  const timers = [];
  const s = session(fetch, { t: 0 }, timers);
  const result = await s.login('ada', 'pw');
  assert.equal(result.ok, true);
  assert.deepEqual(s.store.get(SESSION_KEY), { refresh_token: 'r0', user: { id: 'u1', username: 'ada' } });
  assert.ok(![...s.store.storage.map.values()].some((value) => value.includes('a0')), 'no access token in storage');
  assert.equal(await s.accessToken(), 'a0');
  assert.equal(timers.at(-1).ms, 840_000);
});

test('an access token about to end is renewed first, with the newest refresh token, and rotated', async () => {
  const { fetch, calls } = server();
  const clock = { t: 0 };
  const s = session(fetch, clock);
  await s.login('ada', 'pw');
  clock.t = 899_000;  // one second left: too close
  assert.equal(await s.accessToken(), 'a1');
  assert.deepEqual(calls.filter((c) => c.path === '/api/v1/auth/refresh').map((c) => c.body.refresh_token), ['r0']);
  assert.equal(s.saved.refresh_token, 'r1');
});

test('concurrent renewals in one tab make one refresh call (refresh tokens are single-use)', async () => {
  const { fetch, calls } = server();
  const s = session(fetch);
  await s.login('ada', 'pw');
  await Promise.all([s.refresh(), s.refresh(), s.refresh()]);
  assert.equal(calls.filter((c) => c.path === '/api/v1/auth/refresh').length, 1);
});

test('renewals wait for the cross-tab lock and read the token inside it', async () => {
  const { fetch, calls } = server();
  const order = [];
  const locks = { request: async (name, fn) => { order.push(name); return fn(); } };
  const s = new Session({ store: new LocalStore(new MemoryStorage()), fetch, locks, setTimer: () => 0, clearTimer: () => {} });
  await s.login('ada', 'pw');
  s.store.set(SESSION_KEY, { ...s.saved, refresh_token: 'from-another-tab' });
  await s.refresh();
  assert.deepEqual(order, ['habitd-session']);
  assert.equal(calls.at(-1).body.refresh_token, 'from-another-tab');
});

test('a refused refresh ends the session: tokens forgotten, the person told, their id kept for the queue', async () => {
  const { fetch } = server({ refreshStatus: 401 });
  const s = session(fetch);
  await s.login('ada', 'pw');
  const expired = [];
  s.on('expired', (user) => expired.push(user.id));
  await assert.rejects(s.refresh(), SessionExpired);
  assert.deepEqual(expired, ['u1']);
  assert.equal(s.signedIn, false);
  assert.equal(s.store.get(SESSION_KEY), null);
});

test('no network during a renewal keeps the session for later', async () => {
  const s = session(async () => { throw new TypeError('Failed to fetch'); });
  s.store.set(SESSION_KEY, { refresh_token: 'r0', user: { id: 'u1' } });
  await assert.rejects(s.refresh(), (error) => error.name === 'NetworkError');
  assert.equal(s.signedIn, true);
  const busy = server({ refreshStatus: 503 });
  const t = session(busy.fetch);
  t.store.set(SESSION_KEY, { refresh_token: 'r0', user: { id: 'u1' } });
  await assert.rejects(t.refresh(), (error) => error.name === 'NetworkError');
  assert.equal(t.signedIn, true, 'a busy server is no reason to log out');
});

test('log-out revokes the refresh token on the server and forgets it here', async () => {
  const { fetch, calls } = server();
  const s = session(fetch);
  await s.login('ada', 'pw');
  await s.logout();
  assert.deepEqual(calls.at(-1), { path: '/api/v1/auth/logout', body: { refresh_token: 'r0' } });
  assert.equal(s.signedIn, false);
});

test('log-out with no network revokes the token once the server can be reached again', async () => {
  const { fetch, calls } = server();
  let online = false;
  const s = session((path, init) => (online ? fetch(path, init) : Promise.reject(new TypeError('Failed to fetch'))));
  s.store.set(SESSION_KEY, { refresh_token: 'r9', user: { id: 'u1' } });
  await s.logout();
  assert.equal(s.signedIn, false, 'signed out here at once');
  assert.equal(s.store.get('habitd.logout'), 'r9');
  online = true;
  await s.revokeLeftovers();
  assert.deepEqual(calls.at(-1), { path: '/api/v1/auth/logout', body: { refresh_token: 'r9' } });
  assert.equal(s.store.get('habitd.logout'), null);
  await s.revokeLeftovers();
  assert.equal(calls.length, 1, 'nothing left to revoke');
});
