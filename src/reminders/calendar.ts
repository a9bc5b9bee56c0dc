// Swedish working days and local times: reminders go out at the policy's time on a working
// day in Europe/Stockholm, never on weekends or public holidays (including the de facto days
// off: midsommarafton, julafton, nyårsafton).
import { addDays } from '../core/clock.js';

function easterSunday(year: number): string {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export { addDays };

/** ISO weekday: 1 Monday … 7 Sunday. */
export function weekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The first date from `from` to `to` (inclusive, MM-DD bounds) that falls on `isoWeekday`. */
function firstWeekdayBetween(year: number, from: string, to: string, isoWeekday: number): string {
  for (let d = `${year}-${from}`; d <= `${year}-${to}`; d = addDays(d, 1)) if (weekday(d) === isoWeekday) return d;
  throw new Error('no such weekday');
}

const cache = new Map<number, Set<string>>();

export function swedishHolidays(year: number): Set<string> {
  const known = cache.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const days = new Set([
    `${year}-01-01`, // nyårsdagen
    `${year}-01-06`, // trettondedag jul
    addDays(easter, -2), // långfredagen
    addDays(easter, 1), // annandag påsk
    `${year}-05-01`,
    addDays(easter, 39), // Kristi himmelfärdsdag
    `${year}-06-06`, // nationaldagen
    firstWeekdayBetween(year, '06-19', '06-25', 5), // midsommarafton
    firstWeekdayBetween(year, '06-20', '06-26', 6), // midsommardagen
    firstWeekdayBetween(year, '10-31', '11-06', 6), // alla helgons dag
    `${year}-12-24`,
    `${year}-12-25`,
    `${year}-12-26`,
    `${year}-12-31`,
  ]);
  cache.set(year, days);
  return days;
}

export function isWorkingDay(date: string, workingDays: readonly number[]): boolean {
  return workingDays.includes(weekday(date)) && !swedishHolidays(Number(date.slice(0, 4))).has(date);
}

export function nextWorkingDay(date: string, workingDays: readonly number[]): string {
  let d = date;
  while (!isWorkingDay(d, workingDays)) d = addDays(d, 1);
  return d;
}

export function addWorkingDays(date: string, n: number, workingDays: readonly number[]): string {
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkingDay(addDays(d, 1), workingDays);
  return d;
}

/** The UTC instant of a local wall-clock time on a date in a time zone (DST-aware). */
const formatters = new Map<string, Intl.DateTimeFormat>();
const instants = new Map<string, Date>();

export function zonedInstant(date: string, time: string, timeZone: string): Date {
  // Planning asks for the same few hundred dates over and over: answer from a cache, and build
  // a formatter once per zone (constructing one costs far more than using it).
  const key = `${date}T${time}|${timeZone}`;
  const known = instants.get(key);
  if (known) return new Date(known);
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const guess = new Date(`${date}T${time}:00Z`);
  // Two passes settle the offset even across a DST change.
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const shown = fmt.format(instant).replace(' ', 'T');
    const shownAsUtc = new Date(`${shown}:00Z`);
    instant = new Date(instant.getTime() + (guess.getTime() - shownAsUtc.getTime()));
  }
  instants.set(key, instant);
  return new Date(instant);
}
