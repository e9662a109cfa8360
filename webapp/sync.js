// Sends the offline queue to the server, oldest change first, one at a time, and decides what
// each answer means for the change: done, dropped (the server will never take it), or kept for
// a later try (offline, busy, or the session must be renewed first).
import { requestFor } from './queue.js';

// What an answer means for a change. Pure, so the rules are unit-tested one by one.
//   "done"  the server holds the change (or already held it: a repeat is not an error)
//   "drop"  the server refuses it for good (habit deleted, date no longer valid, ...)
//   "retry" keep it and try again later (busy, overloaded, same key still running)
//   "auth"  renew the session, then try again
export function outcome(op, status, problem) {
  if (status >= 200 && status < 300) return 'done';
  if (status === 401) return 'auth';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  if (status === 409) {
    // A log already there for that day is what we wanted; a key still being processed is not.
    const duplicateDay = op.kind === 'log' && (problem?.errors ?? []).some((error) => error.field === 'date');
    return duplicateDay ? 'done' : 'retry';
  }
  if (status === 404 && op.kind === 'unlog') return 'done';  // already gone
  return 'drop';
}

export class Sync {
  // api.send(request) -> { status, body } and throws NetworkError or SessionExpired.
  constructor({ queue, api, onDropped = () => {}, onSent = () => {}, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id) }) {
    this.queue = queue;
    this.api = api;
    this.onDropped = onDropped;
    this.onSent = onSent;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.running = null;
    this.retryTimer = null;
    this.backoff = 1000;
  }

  // Sends what is waiting; resolves to "idle" (all sent), "offline", "expired" or "retry".
  flush() {
    this.running ??= this.run().finally(() => { this.running = null; });
    return this.running;
  }

  async run() {
    this.clearTimer(this.retryTimer);
    for (let op = this.queue.first(); op; op = this.queue.first()) {
      if (!op.attempted) this.queue.markAttempted(op.id);
      let answer;
      try {
        answer = await this.api.send(requestFor(op));
        // The day already has a log (marked on another device, or an earlier try whose key has
        // expired): what this change adds to it (notes, amount, status) goes on as an edit.
        if (op.kind === 'log' && outcome(op, answer.status, answer.body) === 'done' && answer.status === 409 && Object.keys(op.body).length) {
          answer = await this.api.send(requestFor({ ...op, kind: 'edit' }));
        }
      } catch (error) {
        if (error.name === 'SessionExpired') return 'expired';
        if (error.name === 'NetworkError') return 'offline';
        throw error;
      }
      const verdict = outcome(op, answer.status, answer.body);
      if (verdict === 'retry' || verdict === 'auth') {
        this.retryTimer = this.setTimer(() => this.flush(), this.backoff);
        this.backoff = Math.min(this.backoff * 2, 60_000);
        return 'retry';
      }
      this.backoff = 1000;
      // Told before the change leaves the queue, so a screen can fold it into what it shows.
      if (verdict === 'done') this.onSent(op, answer);
      this.queue.remove(op.id);
      if (verdict === 'drop') this.onDropped(op, answer);
    }
    return 'idle';
  }
}
