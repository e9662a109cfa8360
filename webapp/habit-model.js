// Habits as the forms and pages show them: what the habit form sends, what a server that does not
// know a field yet left out, and how a schedule reads. Pure; unit-tested in
// tests/webapp/habit-model.test.mjs.
import { WEEKDAYS, WEEKDAY_NAMES } from './dates.js';

const numberOrNull = (text) => (text.trim() === '' ? null : Number(text));
const textOrNull = (text) => (text.trim() === '' ? null : text.trim());

// What the form sends: every field for a new habit, only the changed ones for an edit.
export function habitBody(values, original) {
  const body = {
    name: values.name.trim(),
    description: textOrNull(values.description),
    frequency: values.frequency,
    target: numberOrNull(values.target),
    times_per_period: numberOrNull(values.times_per_period) ?? 1,
    goal: numberOrNull(values.goal),
    unit: textOrNull(values.unit),
    reminders: [...new Set(values.reminders.filter(Boolean))].sort(),
  };
  if (values.start_date) body.start_date = values.start_date;
  // Weekdays belong to daily habits (any other set than all seven is refused on weekly and
  // monthly ones), so a daily habit turned weekly goes back to all seven days.
  if (values.frequency === 'daily') body.weekdays = WEEKDAYS.filter((day) => values.weekdays.includes(day));
  else if (original?.weekdays) body.weekdays = WEEKDAYS;
  if (!original) return body;
  const changed = {};
  for (const [key, value] of Object.entries(body)) {
    const before = original[key] ?? (key === 'weekdays' ? WEEKDAYS : key === 'reminders' ? [] : null);
    if (JSON.stringify(before) !== JSON.stringify(value)) changed[key] = value;
  }
  return changed;
}

// What the server did not keep of what was sent (a server without weekday schedules or reminders).
export function ignoredFields(sent, saved) {
  const ignored = [];
  if (sent.weekdays && sent.weekdays.length !== 7 && !('weekdays' in saved)) ignored.push('weekdays');
  if (sent.reminders?.length && !('reminders' in saved)) ignored.push('reminders');
  return ignored;
}

const FREQUENCY_NAMES = { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' };

// "Daily", "3 times a week", "8 glasses a day"...
export function scheduleText(habit) {
  const per = { daily: 'a day', weekly: 'a week', monthly: 'a month' }[habit.frequency];
  if (habit.goal != null) return `${habit.goal}${habit.unit ? ` ${habit.unit}` : ''} ${per}`;
  if (habit.times_per_period > 1) return `${habit.times_per_period} times ${per}`;
  return FREQUENCY_NAMES[habit.frequency];
}

export function weekdaysText(weekdays) {
  if (!weekdays || weekdays.length === 7) return null;
  return WEEKDAYS.map((day, i) => (weekdays.includes(day) ? WEEKDAY_NAMES[i].slice(0, 3) : null)).filter(Boolean).join(', ');
}
