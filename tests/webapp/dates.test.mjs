// Date logic: the person's day in their time zone and day start, periods, ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays, daysBetween, daysOfYear, isoWeekday, localToday, parseClock, periodOf, recentDays, inPeriod, longDate,
} from '../../webapp/dates.js';

test('adding days crosses months, years and leap days', () => {
  assert.equal(addDays('2026-11-30', 1), '2026-12-01');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2023-02-28', 1), '2023-03-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(daysBetween('2026-01-01', '2027-01-01'), 365);
  assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
});

test('ISO weekdays: Monday is 1, Sunday 7', () => {
  assert.equal(isoWeekday('2026-11-23'), 1);
  assert.equal(isoWeekday('2026-11-29'), 7);
  assert.equal(isoWeekday('2000-01-01'), 6);
});

test('today follows the account time zone, not the device', () => {
  const instant = new Date('2026-11-26T23:30:00Z');
  assert.equal(localToday('UTC', '00:00', instant), '2026-11-26');
  assert.equal(localToday('Europe/Berlin', '00:00', instant), '2026-11-27');
  assert.equal(localToday('America/New_York', '00:00', instant), '2026-11-26');
  assert.equal(localToday('Pacific/Kiritimati', '00:00', instant), '2026-11-27');
  assert.equal(localToday('Pacific/Pago_Pago', '00:00', new Date('2026-11-27T05:00:00Z')), '2026-11-26');
});

test('day start: a night owl logging at 01:30 logs for the day before', () => {
  const at = (iso) => new Date(iso);
  assert.equal(localToday('Europe/Berlin', '04:00', at('2026-11-26T00:30:00Z')), '2026-11-25');  // 01:30 local
  assert.equal(localToday('Europe/Berlin', '04:00', at('2026-11-26T03:00:00Z')), '2026-11-26');  // 04:00 local
  assert.equal(localToday('Europe/Berlin', '04:00', at('2026-11-26T02:59:00Z')), '2026-11-25');  // 03:59 local
  assert.equal(localToday('UTC', '23:59', at('2026-11-26T23:58:00Z')), '2026-11-25');
  assert.equal(localToday('UTC', '23:59', at('2026-11-26T23:59:00Z')), '2026-11-26');
  assert.equal(localToday('UTC', 'garbage', at('2026-11-26T00:01:00Z')), '2026-11-26', 'a malformed day start counts as midnight');
});

test('day start across a daylight-saving change uses the wall clock, like the server', () => {
  // Berlin springs forward on 2026-03-29 at 02:00 -> 03:00. At 00:30Z it is 01:30 CET; at 01:30Z, 03:30 CEST.
  assert.equal(localToday('Europe/Berlin', '03:00', new Date('2026-03-29T00:30:00Z')), '2026-03-28');
  assert.equal(localToday('Europe/Berlin', '03:00', new Date('2026-03-29T01:30:00Z')), '2026-03-29');
});

test('clock times', () => {
  assert.equal(parseClock('00:00'), 0);
  assert.equal(parseClock('23:59'), 1439);
  assert.equal(parseClock('24:00'), null);
  assert.equal(parseClock('7:00'), null);
  assert.equal(parseClock(undefined), null);
});

test('periods: the day, the ISO week across a month end, the month with its last day', () => {
  assert.deepEqual(periodOf('daily', '2026-11-26'), { from: '2026-11-26', to: '2026-11-26' });
  assert.deepEqual(periodOf('weekly', '2026-12-02'), { from: '2026-11-30', to: '2026-12-06' });
  assert.deepEqual(periodOf('weekly', '2026-11-30'), { from: '2026-11-30', to: '2026-12-06' });
  assert.deepEqual(periodOf('weekly', '2026-12-06'), { from: '2026-11-30', to: '2026-12-06' });
  assert.deepEqual(periodOf('weekly', '2026-12-31'), { from: '2026-12-28', to: '2027-01-03' });
  assert.deepEqual(periodOf('monthly', '2024-02-10'), { from: '2024-02-01', to: '2024-02-29' });
  assert.deepEqual(periodOf('monthly', '2026-12-31'), { from: '2026-12-01', to: '2026-12-31' });
  assert.ok(inPeriod(periodOf('weekly', '2026-12-02'), '2026-11-30'));
  assert.ok(!inPeriod(periodOf('weekly', '2026-12-02'), '2026-12-07'));
});

test('every week period holds seven days starting on a Monday, for a whole year', () => {
  for (const day of daysOfYear(2027)) {
    const { from, to } = periodOf('weekly', day);
    assert.equal(isoWeekday(from), 1, day);
    assert.equal(daysBetween(from, to), 6, day);
    assert.ok(from <= day && day <= to, day);
  }
});

test('years and recent days', () => {
  assert.equal(daysOfYear(2024).length, 366);
  assert.equal(daysOfYear(2026).length, 365);
  assert.equal(daysOfYear(2026)[0], '2026-01-01');
  assert.equal(daysOfYear(2026).at(-1), '2026-12-31');
  assert.deepEqual(recentDays('2026-11-26', 3), ['2026-11-24', '2026-11-25', '2026-11-26']);
  assert.deepEqual(recentDays('2026-11-26', 14, '2026-11-25'), ['2026-11-25', '2026-11-26'], 'never before the start date');
});

test('dates for people', () => {
  assert.match(longDate('2026-11-26'), /^Thursday,? 26 November 2026$/);
});
