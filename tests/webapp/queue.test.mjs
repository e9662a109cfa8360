// The offline queue: persistence, coalescing, the requests it makes, and the replay rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OfflineQueue, coalesce, requestFor, queueKey } from '../../webapp/queue.js';
import { Sync, outcome } from '../../webapp/sync.js';
import { MemoryStorage } from './memory-storage.mjs';

function counter() {
  let n = 0;
  return () => `key-${++n}`;
}

const H = 'h1';
const D = '2026-11-26';

test('changes persist in storage and survive a new queue object (a reload)', () => {
  const storage = new MemoryStorage();
  const queue = new OfflineQueue(storage, 'u1', { newId: counter() });
  queue.add({ kind: 'log', habitId: H, date: D });
  queue.add({ kind: 'log', habitId: 'h2', date: D, body: { amount: 3 } });
  const reloaded = new OfflineQueue(storage, 'u1');
  assert.equal(reloaded.size, 2);
  assert.deepEqual(reloaded.items.map((op) => [op.id, op.habitId, op.body]), [['key-1', H, {}], ['key-2', 'h2', { amount: 3 }]]);
  assert.ok(storage.getItem(queueKey('u1')));
  assert.equal(new OfflineQueue(storage, 'someone-else').size, 0, 'queues are per user');
});

test('the last change removed leaves nothing in storage', () => {
  const storage = new MemoryStorage();
  const queue = new OfflineQueue(storage, 'u1', { newId: counter() });
  const entry = queue.add({ kind: 'log', habitId: H, date: D });
  queue.remove(entry.id);
  assert.equal(storage.getItem(queueKey('u1')), null);
});

test('a corrupt stored queue reads as empty instead of breaking the app', () => {
  const storage = new MemoryStorage();
  storage.setItem(queueKey('u1'), '{not json');
  assert.deepEqual(new OfflineQueue(storage, 'u1').items, []);
  storage.setItem(queueKey('u1'), '{"an":"object"}');
  assert.deepEqual(new OfflineQueue(storage, 'u1').items, []);
});

test('mark then unmark before sending is nothing at all', () => {
  const queue = new OfflineQueue(new MemoryStorage(), 'u1', { newId: counter() });
  queue.add({ kind: 'log', habitId: H, date: D });
  queue.add({ kind: 'edit', habitId: H, date: D, body: { notes: 'x' } });
  assert.equal(queue.add({ kind: 'unlog', habitId: H, date: D }), null);
  assert.equal(queue.size, 0);
});

test('a change already attempted is never folded: its key may be on the server with that body', () => {
  const queue = new OfflineQueue(new MemoryStorage(), 'u1', { newId: counter() });
  const mark = queue.add({ kind: 'log', habitId: H, date: D });
  queue.markAttempted(mark.id);
  queue.add({ kind: 'edit', habitId: H, date: D, body: { notes: 'late' } });
  queue.add({ kind: 'unlog', habitId: H, date: D });
  assert.deepEqual(queue.items.map((op) => op.kind), ['log', 'unlog'], 'the edit is moot once the log goes; the sent mark stays');
  assert.deepEqual(queue.items[0].body, {}, 'the attempted mark keeps its body');
});

test('a note rides with a waiting mark; a second edit merges into the first', () => {
  let items = coalesce([], { id: 'a', kind: 'log', habitId: H, date: D, body: { amount: 2 }, attempted: false });
  items = coalesce(items, { id: 'b', kind: 'edit', habitId: H, date: D, body: { notes: 'n' }, attempted: false });
  assert.deepEqual(items, [{ id: 'a', kind: 'log', habitId: H, date: D, body: { amount: 2, notes: 'n' }, attempted: false }]);
  let edits = coalesce([], { id: 'c', kind: 'edit', habitId: H, date: D, body: { notes: 'one' }, attempted: false });
  edits = coalesce(edits, { id: 'd', kind: 'edit', habitId: H, date: D, body: { amount: 4 }, attempted: false });
  assert.deepEqual(edits.map((op) => op.body), [{ notes: 'one', amount: 4 }]);
});

test('changes to other days and habits are kept apart and in order', () => {
  let items = [];
  items = coalesce(items, { id: '1', kind: 'log', habitId: H, date: D, body: {} });
  items = coalesce(items, { id: '2', kind: 'log', habitId: H, date: '2026-11-25', body: {} });
  items = coalesce(items, { id: '3', kind: 'log', habitId: 'h2', date: D, body: {} });
  items = coalesce(items, { id: '4', kind: 'unlog', habitId: H, date: '2026-11-25' });
  assert.deepEqual(items.map((op) => op.id), ['1', '3']);
  // Unmarking a day that the server already holds must reach the server.
  items = coalesce(items, { id: '5', kind: 'unlog', habitId: 'h3', date: D });
  items = coalesce(items, { id: '6', kind: 'log', habitId: 'h3', date: D, body: {} });
  assert.deepEqual(items.map((op) => op.id), ['1', '3', '5', '6']);
});

test('requests: POST with the change id as Idempotency-Key, DELETE and PATCH by date', () => {
  assert.deepEqual(requestFor({ id: 'k', kind: 'log', habitId: 'a/b', date: D, body: { amount: 1 } }),
    { method: 'POST', path: '/api/v1/habits/a%2Fb/logs', body: { date: D, amount: 1 }, idempotencyKey: 'k' });
  assert.deepEqual(requestFor({ id: 'k', kind: 'unlog', habitId: H, date: D }), { method: 'DELETE', path: `/api/v1/habits/${H}/logs/${D}` });
  assert.deepEqual(requestFor({ id: 'k', kind: 'edit', habitId: H, date: D, body: { notes: null } }),
    { method: 'PATCH', path: `/api/v1/habits/${H}/logs/${D}`, body: { notes: null } });
  assert.throws(() => requestFor({ kind: 'nope' }));
});

test('outcomes: what each answer means for a change', () => {
  const log = { kind: 'log' };
  const unlog = { kind: 'unlog' };
  const edit = { kind: 'edit' };
  assert.equal(outcome(log, 201), 'done');
  assert.equal(outcome(unlog, 204), 'done');
  assert.equal(outcome(log, 409, { errors: [{ field: 'date', message: 'already has a log' }] }), 'done');
  assert.equal(outcome(log, 409, { detail: 'A request with this Idempotency-Key is still being processed.' }), 'retry');
  assert.equal(outcome(unlog, 404), 'done');
  assert.equal(outcome(edit, 404), 'drop');
  assert.equal(outcome(log, 404), 'drop');
  assert.equal(outcome(log, 422), 'drop');
  assert.equal(outcome(log, 401), 'auth');
  for (const status of [408, 429, 500, 503]) assert.equal(outcome(log, status), 'retry');
});

// A fake API: answers from a script, records what it was sent.
function fakeApi(script) {
  const sent = [];
  return {
    sent,
    async send(request) {
      sent.push(request);
      const next = script.shift();
      if (next instanceof Error) throw next;
      return next ?? { status: 201, body: {} };
    },
  };
}

const named = (name) => Object.assign(new Error(name), { name });

test('replay: in order, each once, with the same key after a lost answer', async () => {
  const storage = new MemoryStorage();
  const queue = new OfflineQueue(storage, 'u1', { newId: counter() });
  queue.add({ kind: 'log', habitId: H, date: D });
  queue.add({ kind: 'unlog', habitId: 'h2', date: D });
  // First attempt: the connection drops.
  const offline = fakeApi([named('NetworkError')]);
  assert.equal(await new Sync({ queue, api: offline, setTimer: () => 0, clearTimer: () => {} }).flush(), 'offline');
  assert.equal(queue.size, 2);
  assert.equal(queue.items[0].attempted, true);
  // After a reload, a new queue object over the same storage replays with the same key.
  const reloaded = new OfflineQueue(storage, 'u1');
  const online = fakeApi([{ status: 201, body: {} }, { status: 404, body: {} }]);
  const sentOps = [];
  const sync = new Sync({ queue: reloaded, api: online, onSent: (op) => sentOps.push(op.id), setTimer: () => 0, clearTimer: () => {} });
  assert.equal(await sync.flush(), 'idle');
  assert.deepEqual(online.sent.map((r) => [r.method, r.idempotencyKey]), [['POST', 'key-1'], ['DELETE', undefined]]);
  assert.deepEqual(offline.sent[0].idempotencyKey, 'key-1');
  assert.deepEqual(sentOps, ['key-1', 'key-2']);
  assert.equal(reloaded.size, 0);
});

test('replay stops on an expired session and keeps every change', async () => {
  const queue = new OfflineQueue(new MemoryStorage(), 'u1', { newId: counter() });
  queue.add({ kind: 'log', habitId: H, date: D });
  const sync = new Sync({ queue, api: fakeApi([named('SessionExpired')]), setTimer: () => 0, clearTimer: () => {} });
  assert.equal(await sync.flush(), 'expired');
  assert.equal(queue.size, 1);
});

test('a refused change is dropped and reported; a busy server is retried later with back-off', async () => {
  const queue = new OfflineQueue(new MemoryStorage(), 'u1', { newId: counter() });
  queue.add({ kind: 'log', habitId: H, date: D });
  queue.add({ kind: 'log', habitId: 'h2', date: D });
  const dropped = [];
  const timers = [];
  const api = fakeApi([{ status: 422, body: { detail: 'date before start' } }, { status: 503, body: {} }, { status: 503, body: {} }]);
  const sync = new Sync({ queue, api, onDropped: (op, answer) => dropped.push([op.habitId, answer.status]),
                          setTimer: (fn, ms) => timers.push(ms), clearTimer: () => {} });
  assert.equal(await sync.flush(), 'retry');
  assert.deepEqual(dropped, [[H, 422]]);
  assert.deepEqual(queue.items.map((op) => op.habitId), ['h2']);
  assert.deepEqual(timers, [1000]);
  await sync.flush();
  assert.deepEqual(timers, [1000, 2000], 'the delay doubles while the server stays busy');
  assert.equal(queue.size, 1);
});

test('concurrent flushes share one run: no change is sent twice', async () => {
  const queue = new OfflineQueue(new MemoryStorage(), 'u1', { newId: counter() });
  queue.add({ kind: 'log', habitId: H, date: D });
  const api = fakeApi([]);
  const sync = new Sync({ queue, api, setTimer: () => 0, clearTimer: () => {} });
  await Promise.all([sync.flush(), sync.flush(), sync.flush()]);
  assert.equal(api.sent.length, 1);
});

test('a mark whose day is already logged elsewhere brings its notes and amount as an edit', async () => {
  const queue = new OfflineQueue(new MemoryStorage(), 'u1', { newId: counter() });
  queue.add({ kind: 'log', habitId: H, date: D, body: { notes: 'from the phone', amount: 2 } });
  queue.add({ kind: 'log', habitId: 'h2', date: D });
  const duplicate = { status: 409, body: { errors: [{ field: 'date', message: 'already has a log' }] } };
  const api = fakeApi([duplicate, { status: 200, body: {} }, duplicate]);
  await new Sync({ queue, api, setTimer: () => 0, clearTimer: () => {} }).flush();
  assert.deepEqual(api.sent.map((r) => [r.method, r.body]), [
    ['POST', { date: D, notes: 'from the phone', amount: 2 }],
    ['PATCH', { notes: 'from the phone', amount: 2 }],
    ['POST', { date: D }],  // a bare mark of a day already marked needs nothing more
  ]);
  assert.equal(queue.size, 0);
});
