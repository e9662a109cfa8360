// Today as the person sees it: the server's last answer (GET /api/v1/today) with the changes
// still waiting in the offline queue laid over it, so a mark shows at once, online or not. Pure
// functions; unit-tested in tests/webapp/today-model.test.mjs.
import { periodOf, inPeriod } from './dates.js';

const GOAL_TOLERANCE = 1e-9;

// The server's rule for a period: at least one completed log, and then the goal's sum or
// times_per_period completed logs.
export function periodCompleted(period) {
  if (period.completed_logs < 1) return false;
  if (period.goal != null) return period.amount >= period.goal - GOAL_TOLERANCE * Math.max(1, Math.abs(period.goal));
  return period.completed_logs >= (period.times_per_period ?? 1);
}

const completedAmount = (log) => (log && log.status === 'completed' ? Number(log.amount ?? 0) : 0);
const isCompleted = (log) => Boolean(log && log.status === 'completed');

// One item with its day's log replaced by `log` (null: no log), the period's tally, the
// status and the streaks following. The streak moves by one when the period's completion flips:
// the current period, once completed, extends the run that reaches it (API.md, Streaks).
export function withLog(item, log) {
  const before = item.log;
  const period = { ...item.period };
  period.completed_logs += (isCompleted(log) ? 1 : 0) - (isCompleted(before) ? 1 : 0);
  if (period.goal != null) period.amount = (period.amount ?? 0) + completedAmount(log) - completedAmount(before);
  const wasCompleted = item.period.completed;
  period.completed = periodCompleted(period);
  const habit = { ...item.habit };
  if (period.completed !== wasCompleted) {
    habit.current_streak = Math.max(0, habit.current_streak + (period.completed ? 1 : -1));
    habit.longest_streak = Math.max(habit.longest_streak, habit.current_streak);
  }
  return { ...item, habit, period, log, status: log ? log.status : 'none' };
}

// Lays one change over a Today answer: a queued one (pending), or one the server has just taken
// (pending = false) until its next answer. Changes for other days or unknown habits are ignored
// (they still go to the server).
export function applyChange(today, op, isPending = true) {
  if (op.date !== today.date) return today;
  const items = today.items.map((item) => {
    if (item.habit.id !== op.habitId) return item;
    const pending = { pending: isPending };
    if (op.kind === 'log') {
      return withLog(item, { date: op.date, status: op.body.status ?? 'completed', notes: op.body.notes ?? null,
                             amount: op.body.amount ?? null, ...pending });
    }
    if (op.kind === 'unlog') return withLog(item, null);
    if (op.kind === 'edit' && item.log) return withLog(item, { ...item.log, ...op.body, ...pending });
    return item;
  });
  return { ...today, items };
}

export function applyQueue(today, ops) {
  return ops.reduce((view, op) => applyChange(view, op), today);
}

// A cached Today carried to a later date while offline: no log on the new day yet; a habit in a
// new period starts it empty, and its streak ends if the period it left was neither completed nor
// skipped (a rough guess until the server answers again).
export function rollForward(today, date) {
  if (!today || date <= today.date) return today;
  const items = today.items.map((item) => {
    const frequency = item.habit.frequency;
    let { period, habit } = item;
    if (!inPeriod(period, date)) {
      const next = periodOf(frequency, date);
      if (!period.completed && item.status !== 'skipped') habit = { ...habit, current_streak: 0 };
      period = { ...period, ...next, completed_logs: 0, amount: period.goal != null ? 0 : null, completed: false };
    }
    return { ...item, habit, period, log: null, status: 'none' };
  });
  return { ...today, date, items };
}

const PERIOD_WORD = { daily: 'today', weekly: 'this week', monthly: 'this month' };

function formatAmount(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

// The line under a habit's name: how far its period is, or why it is quiet today.
export function describe(item) {
  const { habit, period } = item;
  const word = PERIOD_WORD[habit.frequency] ?? 'today';
  const parts = [];
  if (!item.due) parts.push('Not due today');
  if (item.status === 'skipped') parts.push('Skipped today');
  if (period.goal != null) {
    parts.push(`${formatAmount(period.amount ?? 0)} of ${formatAmount(period.goal)}${habit.unit ? ` ${habit.unit}` : ''} ${word}`);
  } else if ((period.times_per_period ?? 1) > 1) {
    parts.push(`${period.completed_logs} of ${period.times_per_period} ${word}`);
  } else if (habit.frequency !== 'daily') {
    parts.push(period.completed ? `Done ${word}` : `Once ${word}`);
  } else {
    parts.push('Daily');
  }
  if (item.log?.pending) parts.push('waiting to sync');
  return parts.join(' · ');
}
