// Every date, time and number a user sees, formatted once per locale: times in Europe/Stockholm
// (never cut from an ISO string in UTC), numbers with the locale's decimal sign and grouping.
import { BoundedMap } from './bounded.js';
import type { Locale } from './i18n/index.js';

const ZONE = 'Europe/Stockholm';

const dateTime = {
  sv: new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }),
};
/** Calendar dates (deadlines, event dates) are already Swedish dates: no zone shift. */
const calendar = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }),
};
const numbers = {
  sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};
/** An instant as the user's wall clock in Sweden, e.g. 2026-11-30 05:40 / 30 Nov 2026, 05:40. */
export function formatDateTime(at: string | Date, locale: Locale): string {
  return dateTime[locale].format(typeof at === 'string' ? new Date(at) : at);
}

/** Calendar dates as shown: a list shows the same days again and again, and Intl is slow. */
const shownDates = { sv: new BoundedMap<string, string>(4096), en: new BoundedMap<string, string>(4096) };

/** A calendar date (YYYY-MM-DD), e.g. 2026-11-30 / 30 Nov 2026. */
export function formatDate(date: string, locale: Locale): string {
  let shown = shownDates[locale].get(date);
  if (shown === undefined) {
    const d = new Date(`${date}T00:00:00Z`);
    shown = Number.isNaN(d.getTime()) ? date : calendar[locale].format(d);
    shownDates[locale].set(date, shown);
  }
  return shown;
}

/** A number with at most one decimal, e.g. 86,6 / 86.6; a dash for none. */
export function formatNumber(value: number | null | undefined, locale: Locale): string {
  return value === null || value === undefined ? '–' : numbers[locale].format(value);
}

/** A statistics or indicator period as the reader writes it: quarters 2026-K2 in Swedish, 2026-Q2 in English. */
export function formatPeriod(id: string, locale: Locale): string {
  return locale === 'sv' ? id.replace(/-Q([1-4])$/, '-K$1') : id;
}

/** A month (YYYY-MM) as the reader says it: "november 2026", "November 2026". */
export function formatMonth(month: string, locale: Locale): string {
  return new Date(`${month}-15T12:00:00Z`).toLocaleDateString(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
