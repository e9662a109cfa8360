// Calendar dates as the API speaks them ("YYYY-MM-DD"), computed without the browser's own time
// zone: a person's day is the one of their account's time zone and day start, wherever the
// device is. Pure functions; unit-tested with node's test runner (tests/webapp/dates.test.mjs).

const DAY_MS = 86_400_000;

// "2026-11-26" -> milliseconds at that day's UTC midnight (a day number, not an instant).
export function dayNumber(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

export function fromDayNumber(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso, days) {
  return fromDayNumber(dayNumber(iso) + days * DAY_MS);
}

export function daysBetween(from, to) {
  return Math.round((dayNumber(to) - dayNumber(from)) / DAY_MS);
}

// ISO weekday: 1 Monday ... 7 Sunday.
export function isoWeekday(iso) {
  const day = new Date(dayNumber(iso)).getUTCDay();
  return day === 0 ? 7 : day;
}

// "HH:MM" -> minutes after midnight; null when malformed.
export function parseClock(text) {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text ?? '');
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

// The person's date at `now`: the local date in `timeZone` of the wall-clock time minus
// `dayStart` ("04:00" makes 01:30 count for the day before), exactly as the server decides it.
export function localToday(timeZone, dayStart = '00:00', now = new Date()) {
  const parts = {};
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  });
  for (const { type, value } of format.formatToParts(now)) parts[type] = value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return minutes < (parseClock(dayStart) ?? 0) ? addDays(date, -1) : date;
}

// The period of a habit's frequency that holds `iso`: { from, to }, both inclusive. Weeks are ISO
// weeks, Monday to Sunday; months are calendar months.
export function periodOf(frequency, iso) {
  if (frequency === 'weekly') {
    const from = addDays(iso, 1 - isoWeekday(iso));
    return { from, to: addDays(from, 6) };
  }
  if (frequency === 'monthly') {
    const from = `${iso.slice(0, 7)}-01`;
    const [y, m] = from.split('-').map(Number);
    return { from, to: fromDayNumber(Date.UTC(y, m, 0)) };  // day 0 of the next month: this month's last
  }
  return { from: iso, to: iso };
}

export function inPeriod(period, iso) {
  return iso >= period.from && iso <= period.to;
}

// Every day of a year, for the heat map: ["2026-01-01", ...].
export function daysOfYear(year) {
  const days = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) days.push(fromDayNumber(ms));
  return days;
}

// The last `count` days ending with `to`, never before `earliest`, oldest first.
export function recentDays(to, count, earliest) {
  const days = [];
  for (let i = count - 1; i >= 0; i -= 1) {
    const day = addDays(to, -i);
    if (!earliest || day >= earliest) days.push(day);
  }
  return days;
}

// "Thursday 26 November 2026", for people (the API's dates stay ISO everywhere else).
export function longDate(iso, locale = 'en-GB') {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(dayNumber(iso)));
}

export function shortDate(iso, locale = 'en-GB') {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' })
    .format(new Date(dayNumber(iso)));
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
