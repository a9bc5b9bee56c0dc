// `språk svenska` / `language english`: the language the bot answers a user in, remembered on
// their profile. Many Teams clients in Swedish organisations (and the Agents Playground) send
// en-US, so the client's locale decides nothing: a user who never chose gets DEFAULT_LOCALE.
import { z } from 'zod/v4';
import type { CapabilityDeps } from '../deps.js';
import { translator, type Locale } from '../core/i18n/index.js';
import { say } from '../core/reply.js';
import type { Handler } from '../core/turn.js';
import type { Profiles } from '../conversations/profiles.js';

/** The words each language goes by, in both languages (what a user may type after the command). */
const NAMES: Record<Locale, readonly string[]> = {
  sv: ['svenska', 'swedish', 'sv', 'svensk'],
  en: ['english', 'engelska', 'en', 'engelsk'],
};

const Choice = z
  .string()
  .trim()
  .toLowerCase()
  .transform((s) => (Object.keys(NAMES) as Locale[]).find((l) => NAMES[l].includes(s)));

/** The user's language: their own choice, else the configured default. */
export function chosenLocale(profiles: Pick<Profiles, 'get'>, fallback: Locale): (userId: string) => Locale {
  return (userId) => {
    const p = profiles.get(userId);
    return p?.localeChosen && p.locale ? p.locale : fallback;
  };
}

export function chooseLanguage(deps: Pick<CapabilityDeps, 'profiles'>): Handler {
  return async (turn) => {
    const locale = Choice.parse(turn.args);
    if (!locale) return say(translator(turn.locale)('language.usage'));
    await deps.profiles.update(turn.actor.userId, { locale, localeChosen: true }, turn.now);
    // Said in the language just chosen: the first answer is already the new one.
    return say(translator(locale)('language.chosen'));
  };
}
