// What the habit form sends, and how the app notices fields a server does not keep yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { habitBody, ignoredFields, scheduleText, weekdaysText } from '../../webapp/habit-model.js';
import { describe } from '../../webapp/today-model.js';

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const values = (over = {}) => ({
  name: '  Read  ', description: '', frequency: 'daily', start_date: '', target: '', times_per_period: '1', goal: '', unit: '',
  weekdays: ALL, reminders: [], ...over,
});

test('a new habit sends every field, trimmed, empty ones as null', () => {
  assert.deepEqual(habitBody(values({ target: '30', goal: '8', unit: ' glasses ', start_date: '2026-11-01', reminders: ['21:00', '', '07:30', '07:30'] })), {
    name: 'Read', description: null, frequency: 'daily', target: 30, times_per_period: 1, goal: 8, unit: 'glasses',
    reminders: ['07:30', '21:00'], start_date: '2026-11-01', weekdays: ALL,
  });
});

test('weekdays go with daily habits only, Monday first', () => {
  assert.deepEqual(habitBody(values({ weekdays: ['fri', 'mon', 'wed'] })).weekdays, ['mon', 'wed', 'fri']);
  assert.ok(!('weekdays' in habitBody(values({ frequency: 'weekly', weekdays: ['mon'] }))), 'a weekly habit with weekdays would be refused');
  const daily = { name: 'Read', frequency: 'daily', times_per_period: 1, weekdays: ['mon'] };
  assert.deepEqual(habitBody(values({ name: 'Read', frequency: 'weekly' }), daily), { frequency: 'weekly', weekdays: ALL },
    'a daily habit on Mondays turned weekly goes back to every day');
});

test('an edit sends only what changed; fields the server lacks count as their defaults', () => {
  const original = { name: 'Read', description: null, frequency: 'daily', start_date: '2026-11-01', target: 30, times_per_period: 1, goal: null, unit: null };
  assert.deepEqual(habitBody(values({ name: 'Read', target: '30', start_date: '2026-11-01' }), original), {});
  assert.deepEqual(habitBody(values({ name: 'Read more', target: '', start_date: '2026-11-01' }), original), { name: 'Read more', target: null });
  assert.deepEqual(habitBody(values({ name: 'Read', target: '30', start_date: '2026-11-01', weekdays: ['sat', 'sun'] }), original),
    { weekdays: ['sat', 'sun'] });
});

test('what a server without weekday schedules or reminders did not keep', () => {
  assert.deepEqual(ignoredFields({ weekdays: ['mon'], reminders: ['07:00'] }, { name: 'x' }), ['weekdays', 'reminders']);
  assert.deepEqual(ignoredFields({ weekdays: ALL, reminders: [] }, { name: 'x' }), [], 'defaults need no warning');
  assert.deepEqual(ignoredFields({ weekdays: ['mon'], reminders: ['07:00'] }, { weekdays: ['mon'], reminders: ['07:00'] }), []);
});

test('schedules read as people say them', () => {
  assert.equal(scheduleText({ frequency: 'daily', times_per_period: 1, goal: null }), 'Daily');
  assert.equal(scheduleText({ frequency: 'weekly', times_per_period: 3, goal: null }), '3 times a week');
  assert.equal(scheduleText({ frequency: 'daily', times_per_period: 1, goal: 8, unit: 'glasses' }), '8 glasses a day');
  assert.equal(weekdaysText(['mon', 'wed', 'fri']), 'Mon, Wed, Fri');
  assert.equal(weekdaysText(ALL), null);
  assert.equal(weekdaysText(undefined), null, 'a server without weekdays: nothing to show');
});

test('the line under a habit on Today', () => {
  const item = (habit, period, extra = {}) => ({ habit: { frequency: 'daily', unit: null, ...habit }, period: { times_per_period: 1, goal: null, amount: null, completed_logs: 0, completed: false, ...period }, due: true, status: 'none', log: null, ...extra });
  assert.equal(describe(item({}, {})), 'Daily');
  assert.equal(describe(item({ frequency: 'weekly' }, { times_per_period: 3, completed_logs: 1 })), '1 of 3 this week');
  assert.equal(describe(item({ unit: 'glasses' }, { goal: 8, amount: 2.5 })), '2.5 of 8 glasses today');
  assert.equal(describe(item({ frequency: 'monthly' }, { completed: true }, { log: { pending: true } })), 'Done this month · waiting to sync');
  assert.equal(describe(item({}, {}, { status: 'skipped', due: false })), 'Not due today · Skipped today · Daily');
});
