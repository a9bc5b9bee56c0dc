// The i18n catalogue: Swedish is the source and the default; English must have every key
// (the compiler checks it). No user-visible string lives outside these two files.
import { sv } from './sv.js';
import { en } from './en.js';

export type Locale = 'sv' | 'en';
export type MessageKey = keyof typeof sv;
type Catalogue = Record<MessageKey, string>;

const catalogues: Record<Locale, Catalogue> = { sv, en };

/** Teams sends e.g. "en-US" or "sv-SE"; English for en-*, Swedish otherwise. */
export function localeOf(activityLocale: string | undefined): Locale {
  return activityLocale?.toLowerCase().startsWith('en') ? 'en' : 'sv';
}

export type Vars = Record<string, string | number>;

/** True for a catalogue key (zod issues carry keys as their message). */
export const isMessageKey = (s: string): s is MessageKey => Object.prototype.hasOwnProperty.call(sv, s);

export function t(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = catalogues[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A translator bound to one locale, as handlers use it. */
export type T = (key: MessageKey, vars?: Vars) => string;
export function translator(locale: Locale): T {
  return (key, vars) => t(locale, key, vars);
}

/** Keys that come in a singular and a plural form: `key.one` and `key.other`. */
type PluralBase = { [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never }[MessageKey];

const pluralRules: Record<Locale, Intl.PluralRules> = { sv: new Intl.PluralRules('sv-SE'), en: new Intl.PluralRules('en-GB') };

/** The form of a counted message that fits the count in the locale ("1 ärende", "2 ärenden"). */
export function plural(locale: Locale, key: PluralBase, count: number, vars: Vars = {}): string {
  const form = pluralRules[locale].select(count) === 'one' ? 'one' : 'other';
  return t(locale, `${key}.${form}` as MessageKey, { count, ...vars });
}
