// The offline queue: changes to habit logs made in the app wait here, in order, until the server
// has them. It lives in localStorage (per user), so it survives reloads, closed tabs and an
// expired session. Each change carries its own id, sent as the Idempotency-Key of its POST, so a
// change whose answer was lost is replayed without being done twice.
//
// A change is { id, kind, habitId, date, body, attempted }:
//   kind "log"   -> POST   /api/v1/habits/{habitId}/logs          body: { date, ...body }
//   kind "unlog" -> DELETE /api/v1/habits/{habitId}/logs/{date}
//   kind "edit"  -> PATCH  /api/v1/habits/{habitId}/logs/{date}   body: { notes | status | amount }
// `attempted` is set before the first send. From then on the change is never merged or dropped
// by coalescing: its key may already be on the server with exactly that body.

export function queueKey(userId) {
  return `habitd.queue.${userId}`;
}

const sameDay = (op, change) => op.habitId === change.habitId && op.date === change.date;

// The queue after adding `change`, with changes to the same habit and day folded together while
// none of them has been sent: mark then unmark is nothing at all; a note on a fresh mark rides
// with it. Pure: returns a new array.
export function coalesce(items, change) {
  let next = [...items];
  const lastIndex = () => next.findLastIndex((op) => sameDay(op, change));
  if (change.kind === 'unlog') {
    // Edits waiting after the last mark or unmark are moot once the log goes.
    for (let i = lastIndex(); i >= 0 && next[i].kind === 'edit' && !next[i].attempted; i = lastIndex()) {
      next.splice(i, 1);
    }
    const i = lastIndex();
    if (i >= 0 && next[i].kind === 'log' && !next[i].attempted) {
      next.splice(i, 1);
      return next;
    }
    return [...next, change];
  }
  if (change.kind === 'edit') {
    const i = lastIndex();
    if (i >= 0 && (next[i].kind === 'log' || next[i].kind === 'edit') && !next[i].attempted) {
      next[i] = { ...next[i], body: { ...next[i].body, ...change.body } };
      return next;
    }
  }
  next = [...next, change];
  return next;
}

// The HTTP request that carries a change to the server.
export function requestFor(op) {
  const logs = `/api/v1/habits/${encodeURIComponent(op.habitId)}/logs`;
  switch (op.kind) {
    case 'log':
      return { method: 'POST', path: logs, body: { date: op.date, ...op.body }, idempotencyKey: op.id };
    case 'unlog':
      return { method: 'DELETE', path: `${logs}/${op.date}` };
    case 'edit':
      return { method: 'PATCH', path: `${logs}/${op.date}`, body: op.body };
    default:
      throw new Error(`unknown change kind ${op.kind}`);
  }
}

export class OfflineQueue {
  // `storage`: localStorage or anything with getItem/setItem/removeItem.
  constructor(storage, userId, { newId = () => crypto.randomUUID() } = {}) {
    this.storage = storage;
    this.userId = userId;
    this.key = queueKey(userId);
    this.newId = newId;
    this.listeners = new Set();
  }

  get items() {
    try {
      const items = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(items) ? items : [];
    } catch {
      return [];  // a corrupt entry must not stop the app; it is replaced by the next write
    }
  }

  get size() {
    return this.items.length;
  }

  // Queues a change ({ kind, habitId, date, body? }) and returns the queued entry, or null when it
  // cancelled a change still waiting (mark then unmark).
  add(change) {
    const entry = { id: this.newId(), kind: change.kind, habitId: change.habitId, date: change.date, body: change.body ?? {}, attempted: false };
    const next = coalesce(this.items, entry);
    this.write(next);
    return next.some((op) => op.id === entry.id) ? entry : null;
  }

  first() {
    return this.items[0] ?? null;
  }

  markAttempted(id) {
    this.write(this.items.map((op) => (op.id === id ? { ...op, attempted: true } : op)));
  }

  remove(id) {
    this.write(this.items.filter((op) => op.id !== id));
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  write(items) {
    if (items.length) this.storage.setItem(this.key, JSON.stringify(items));
    else this.storage.removeItem(this.key);
    for (const listener of this.listeners) listener(items);
  }
}
