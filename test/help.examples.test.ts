// Every line the help card shows runs (issue 33.1): each command route's help syntax, in Swedish
// and in English, expanded into the commands a newcomer would type from it (each optional part
// left out and put in, each alternative, each «placeholder» filled with a real name), sent by a
// user with every role in the kind of conversation the route works in. None may answer with a
// usage hint, the text for something not understood, or an error. Generated from the route
// table: a new command or a changed help line is covered without a new test.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator, type Locale } from '../src/core/i18n/index.js';
import { en } from '../src/core/i18n/en.js';
import { sv } from '../src/core/i18n/sv.js';
import { ROLES } from '../src/core/roles.js';
import type { CommandRoute } from '../src/core/turn.js';
import { minimumReport } from './support/cases.js';
import { Harness, channel, personal, type User } from './support/harness.js';
import { isCommand, routeTable } from './support/routes.js';

const user: User = { aadObjectId: 'aad-all', name: 'Alla Roller' };

/** What a placeholder stands for, by the route it is in, else by its own name. */
const SAMPLES: Record<string, Record<string, string>> = {
  provider: { '«namn»': 'Södra Älvsborgs sjukhus', '«name»': 'Södra Älvsborgs sjukhus' },
  indicator: { '«namn»': 'vårdgaranti', '«name»': 'vårdgaranti' },
  follow: { '«namn»': 'vårdgaranti', '«name»': 'vårdgaranti' },
  organisation: { '«namn»': 'Borås', '«name»': 'Borås' },
};
const ANY: Record<string, string> = {
  '«vårdgivare»': 'Södra Älvsborgs sjukhus',
  '«provider»': 'Södra Älvsborgs sjukhus',
  '«org»': 'Borås',
  '«indikator»': 'vårdgaranti',
  '«indicator»': 'vårdgaranti',
  '«användar-id»': 'aad-ny',
  '«user id»': 'aad-ny',
  '«roll»': 'handläggare',
  '«role»': 'handläggare',
  '[period]': '2026-K3',
  '[år]': '2025',
  '[year]': '2025',
  '[org]': 'Borås',
  '[område]': 'vårdgaranti',
  '[area]': 'vårdgaranti',
};

/** What follows a command on the lines below it (the import's CSV, as its help says). */
const BELOW: Record<string, string> = {
  import: '\nindikator;organisation;period;värde\nsip-andel;boras;2025;55',
  'register-import': `\n${readFileSync('data/examples/vardgivarregister.exempel.csv', 'utf8')}`,
};

/** The commands a help line shows: alternatives split, optional parts out and in, placeholders filled. */
function examples(route: CommandRoute, line: string, caseNumber: string): string[] {
  const fill = (text: string) =>
    text
      .replace(/«(ärendenummer|case number)»|\[(ärendenummer|case number)\]/g, caseNumber)
      .replace(/«[^»]+»|\[[^\]|]+\]/g, (p) => SAMPLES[route.name]?.[p] ?? ANY[p] ?? p);
  return line.split(' / ').flatMap((part) => {
    const options = part.match(/\[[^\]]*\|[^\]]*\]/);
    const variants = options
      ? ['', ...options[0].slice(1, -1).split('|')].map((o) => part.replace(options[0], o))
      : [part.replace(/\s*\[[^\]]+\]/g, ''), part];
    return [...new Set(variants.map((v) => fill(v).replace(/\s+/g, ' ').trim() + (BELOW[route.name] ?? '')))];
  });
}

/** Answers that mean the example did not work: usage hints, not understood, errors. */
function failures(locale: Locale): string[] {
  const catalogue: Record<string, string> = locale === 'sv' ? sv : en;
  return Object.entries(catalogue)
    .filter(([key]) => /usage|Usage|Which$|Unknown$|^hint\.unknown$|^action\.unknown$|^error\.generic$|^command\.tooLong$/.test(key))
    .map(([, text]) => text.split('{')[0]!.trim())
    .filter((prefix) => prefix.length >= 10);
}

describe('every help example runs (issue 33.1)', () => {
  let h: Harness;
  let routes: CommandRoute[];
  let caseNumber: string;
  beforeAll(async () => {
    h = await Harness.start({ roles: { 'aad-all': { roles: [...ROLES], providers: ['*'] } } });
    await h.install(user, personal(user));
    await h.install(user, channel('hjalp'));
    const c = await h.report(user, minimumReport({ eventDate: '2026-11-20' }));
    caseNumber = c!.number;
    routes = (await routeTable()).filter(isCommand);
  });
  afterAll(async () => h.stop());

  for (const locale of ['sv', 'en'] as const)
    it(`in ${locale === 'sv' ? 'Swedish' : 'English'}: no example gets a usage hint or an error`, async () => {
      await h.say(user, personal(user), locale === 'sv' ? 'språk svenska' : 'language english');
      const tr = translator(locale);
      const bad = failures(locale);
      const broken: string[] = [];
      let ran = 0;
      for (const route of routes) {
        const where = route.where === 'team' ? channel('hjalp') : personal(user);
        for (const example of examples(route, tr(route.help.command), caseNumber)) {
          const before = h.connector.recorded.length;
          const res = await h.say(user, where, example);
          const said = JSON.stringify(h.connector.recorded.slice(before).map((r) => r.body));
          const hit = bad.find((b) => said.includes(b));
          if (res.status !== 200 || hit || before === h.connector.recorded.length) broken.push(`${example} → ${hit ?? res.status}`);
          ran++;
        }
      }
      expect(ran).toBeGreaterThan(35);
      expect(broken).toEqual([]);
    }, 60_000);
});
