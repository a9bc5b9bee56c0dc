// Time comes from a Clock so tests and demos can start at a chosen instant (FAKE_NOW) and
// still advance in real time; nothing reads Date.now() directly.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and then advances with real time. */
export function offsetClock(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real.now().getTime();
  return { now: () => new Date(real.now().getTime() + offset) };
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(d: Date): void {
    this.current = new Date(d);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

const stockholmDate = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Swedish date of each hour asked for (the offset to UTC only changes on the hour), so the
 * statistics of ten years of cases format a few thousand hours, not every event (Intl is slow).
 */
const byHour = new Map<number, string>();

/** The calendar date in Sweden (YYYY-MM-DD) of an instant: deadlines are Swedish dates. */
export function swedishDate(d: Date): string {
  // Sweden is UTC+1 or +2: before 22:00 UTC it is the same date there, no zone rules needed.
  if (d.getUTCHours() < 22) return d.toISOString().slice(0, 10);
  const hour = Math.floor(d.getTime() / 3_600_000);
  let date = byHour.get(hour);
  if (date === undefined) {
    if (byHour.size >= 200_000) byHour.clear();
    byHour.set(hour, (date = stockholmDate.format(d)));
  }
  return date;
}

/**
 * The first instant (epoch ms) of a Swedish date: midnight there is 22:00 or 23:00 UTC the day
 * before. Comparing instants with it tells "on or after that date" without formatting each one.
 */
export function swedishDayStart(date: string): number {
  const summer = Date.parse(`${date}T00:00:00Z`) - 2 * 3_600_000;
  return swedishDate(new Date(summer)) === date ? summer : summer + 3_600_000;
}

const stockholmTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The time of day in Sweden (HH:MM) of an instant. */
export const swedishTime = (d: Date): string => stockholmTime.format(d);

/** The Swedish calendar date of a turn (anything with a `now`). */
export const todayOf = (at: { now: Date }): string => swedishDate(at.now);

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/**
 * Whether a stored time is at or after an instant. A time as the store writes it (toISOString)
 * is compared as a string, none parsed or formatted (a year of cases a call); one written
 * otherwise is parsed.
 */
export function atOrAfter(ms: number): (iso: string) => boolean {
  const at = new Date(ms).toISOString();
  return (iso) => (iso.length === 24 && iso.endsWith('Z') ? iso >= at : Date.parse(iso) >= ms);
}
