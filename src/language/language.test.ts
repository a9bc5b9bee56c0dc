import { beforeAll, describe, expect, it } from 'vitest';
import { shown, turnOf, unitDeps, type UnitDeps } from '../../test/support/unit.js';
import { chooseLanguage, chosenLocale } from './language.js';

let deps: UnitDeps;
beforeAll(async () => {
  deps = await unitDeps();
});

describe('chooseLanguage', () => {
  it.each([
    ['english', 'en'],
    ['  English ', 'en'],
    ['engelska', 'en'],
    ['en', 'en'],
    ['svenska', 'sv'],
    ['Swedish', 'sv'],
    ['sv', 'sv'],
  ] as const)('remembers «%s» as %s and answers in it', async (args, locale) => {
    const userId = `u-${args.trim()}`;
    const answer = await chooseLanguage(deps)(turnOf(deps, { userId, args, locale: locale === 'sv' ? 'en' : 'sv' }));
    expect(shown(answer)).toBe(locale === 'sv' ? 'Jag svarar på svenska från och med nu.' : "I'll answer in English from now on.");
    expect(deps.profiles.get(userId)).toMatchObject({ locale, localeChosen: true });
    expect(chosenLocale(deps.profiles, locale === 'sv' ? 'en' : 'sv')(userId)).toBe(locale);
  });

  it.each(['', 'klingonska', 'sv-SE'])('explains the command for «%s» and remembers nothing', async (args) => {
    const answer = await chooseLanguage(deps)(turnOf(deps, { userId: 'u-none', args }));
    expect(shown(answer)).toBe('Skriv ”språk svenska” eller ”language english”.');
    expect(deps.profiles.get('u-none')).toBeUndefined();
  });
});

describe('chosenLocale', () => {
  it('gives the default to users who never chose, also when they last wrote in another language', async () => {
    await deps.profiles.update('u-wrote', { locale: 'en' }, deps.clock.now());
    expect(chosenLocale(deps.profiles, 'sv')('u-wrote')).toBe('sv');
    expect(chosenLocale(deps.profiles, 'en')('u-unknown')).toBe('en');
    expect(chosenLocale(deps.profiles, 'sv')('u-unknown')).toBe('sv');
  });
});
