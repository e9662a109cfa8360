// Today with the offline queue laid over it: what the person sees at once after a change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChange, applyQueue, periodCompleted, rollForward, withLog } from '../../webapp/today-model.js';

const D = '2026-11-26';  // a Thursday

function item({ id = 'h1', frequency = 'daily', times = 1, goal = null, logs = 0, amount = null, status = 'none', streak = 3, longest = 5 } = {}) {
  const period = { from: D, to: D, completed_logs: logs, times_per_period: times, amount: goal == null ? null : (amount ?? 0), goal, completed: false };
  if (frequency === 'weekly') Object.assign(period, { from: '2026-11-23', to: '2026-11-29' });
  period.completed = periodCompleted(period);
  const log = status === 'none' ? null : { date: D, status, notes: null, amount: goal == null ? null : amount };
  return { habit: { id, name: id, frequency, current_streak: streak, longest_streak: longest }, due: true, status, log, period };
}

const today = (...items) => ({ date: D, items });

test('the completion rule: times per period, goals, and never without a completed log', () => {
  assert.equal(periodCompleted({ completed_logs: 0, times_per_period: 1, goal: null }), false);
  assert.equal(periodCompleted({ completed_logs: 2, times_per_period: 3, goal: null }), false);
  assert.equal(periodCompleted({ completed_logs: 3, times_per_period: 3, goal: null }), true);
  assert.equal(periodCompleted({ completed_logs: 1, goal: 8, amount: 7.9 }), false);
  assert.equal(periodCompleted({ completed_logs: 2, goal: 0.8, amount: 0.7 + 0.1 }), true, 'within the server\'s tolerance');
  assert.equal(periodCompleted({ completed_logs: 0, goal: 0, amount: 0 }), false);
});

test('marking a daily habit completes the day and extends the streak at once', () => {
  const view = applyChange(today(item()), { kind: 'log', habitId: 'h1', date: D, body: {} });
  const [marked] = view.items;
  assert.equal(marked.status, 'completed');
  assert.equal(marked.log.pending, true);
  assert.equal(marked.period.completed_logs, 1);
  assert.equal(marked.period.completed, true);
  assert.equal(marked.habit.current_streak, 4);
  assert.equal(marked.habit.longest_streak, 5);
});

test('unmarking takes it back, streak included', () => {
  const done = item({ logs: 1, status: 'completed', streak: 5, longest: 5 });
  const [back] = applyChange(today(done), { kind: 'unlog', habitId: 'h1', date: D }).items;
  assert.equal(back.status, 'none');
  assert.equal(back.log, null);
  assert.equal(back.period.completed, false);
  assert.equal(back.habit.current_streak, 4);
  const [again] = applyChange(today(back), { kind: 'log', habitId: 'h1', date: D, body: {} }).items;
  assert.equal(again.habit.current_streak, 5);
  assert.equal(again.habit.longest_streak, 5);
});

test('a streak that reaches a new record raises the longest streak too', () => {
  const [marked] = applyChange(today(item({ streak: 5, longest: 5 })), { kind: 'log', habitId: 'h1', date: D, body: {} }).items;
  assert.equal(marked.habit.current_streak, 6);
  assert.equal(marked.habit.longest_streak, 6);
});

test('three times a week: the streak moves only when the third log completes the week', () => {
  let view = today(item({ frequency: 'weekly', times: 3, logs: 1 }));
  view = applyChange(view, { kind: 'log', habitId: 'h1', date: D, body: {} });
  assert.equal(view.items[0].period.completed_logs, 2);
  assert.equal(view.items[0].habit.current_streak, 3);
  const other = applyChange(today({ ...view.items[0], status: 'none', log: null }), { kind: 'log', habitId: 'h1', date: D, body: {} });
  assert.equal(other.items[0].period.completed, true);
  assert.equal(other.items[0].habit.current_streak, 4);
});

test('numeric goals sum amounts; editing an amount moves the sum', () => {
  let view = today(item({ goal: 8, amount: 5 }));
  view = applyChange(view, { kind: 'log', habitId: 'h1', date: D, body: { amount: 2 } });
  assert.equal(view.items[0].period.amount, 7);
  assert.equal(view.items[0].period.completed, false);
  view = applyChange(view, { kind: 'edit', habitId: 'h1', date: D, body: { amount: 3 } });
  assert.equal(view.items[0].period.amount, 8);
  assert.equal(view.items[0].period.completed, true);
  assert.equal(view.items[0].habit.current_streak, 4);
  view = applyChange(view, { kind: 'unlog', habitId: 'h1', date: D });
  assert.equal(view.items[0].period.amount, 5);
  assert.equal(view.items[0].habit.current_streak, 3);
});

test('a skip is not a completion; turning it into one is', () => {
  let view = applyChange(today(item()), { kind: 'log', habitId: 'h1', date: D, body: { status: 'skipped' } });
  assert.equal(view.items[0].status, 'skipped');
  assert.equal(view.items[0].period.completed_logs, 0);
  assert.equal(view.items[0].habit.current_streak, 3);
  view = applyChange(view, { kind: 'edit', habitId: 'h1', date: D, body: { status: 'completed' } });
  assert.equal(view.items[0].status, 'completed');
  assert.equal(view.items[0].period.completed, true);
});

test('notes land on the day\'s log; other days and habits are left alone', () => {
  const base = today(item({ logs: 1, status: 'completed' }), item({ id: 'h2' }));
  const view = applyQueue(base, [
    { kind: 'edit', habitId: 'h1', date: D, body: { notes: 'felt good' } },
    { kind: 'log', habitId: 'h2', date: '2026-11-25', body: {} },
    { kind: 'log', habitId: 'gone', date: D, body: {} },
  ]);
  assert.equal(view.items[0].log.notes, 'felt good');
  assert.equal(view.items[1].status, 'none');
  assert.deepEqual(withLog(base.items[1], null), { ...base.items[1] }, 'no change is a no-op');
});

test('a cached Today carried to the next day starts the day empty, keeping a completed run', () => {
  const done = item({ logs: 1, status: 'completed', streak: 4 });
  const open = item({ id: 'h2', streak: 2 });
  const week = item({ id: 'h3', frequency: 'weekly', times: 3, logs: 2, status: 'completed' });
  const next = rollForward(today(done, open, week), '2026-11-27');
  assert.equal(next.date, '2026-11-27');
  assert.deepEqual(next.items.map((i) => i.status), ['none', 'none', 'none']);
  assert.deepEqual(next.items[0].period, { ...done.period, from: '2026-11-27', to: '2026-11-27', completed_logs: 0, completed: false });
  assert.equal(next.items[0].habit.current_streak, 4, 'yesterday was done: the run stands');
  assert.equal(next.items[1].habit.current_streak, 0, 'yesterday was missed: the run ended');
  assert.equal(next.items[2].period.completed_logs, 2, 'still the same week');
  assert.equal(rollForward(today(done), D).date, D);
  assert.equal(rollForward(null, D), null);
});

test('a change the server took is folded in without the waiting mark', () => {
  const [marked] = applyChange(today(item()), { kind: 'log', habitId: 'h1', date: D, body: {} }, false).items;
  assert.equal(marked.status, 'completed');
  assert.equal(marked.log.pending, false);
});
