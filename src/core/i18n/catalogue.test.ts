// What users read: the Swedish of the field (issue 15). Every catalogue text, both languages,
// and every card template are checked for the slips a reviewer found: seed file names and
// shell commands shown to users, role ids instead of role names, the words the region does not
// use ("triage", "anmäl" for staff reporting, "i samverkan" that 000_… dropped), English quarters.
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { sv } from './sv.js';

const EVERYWHERE: [RegExp, string][] = [
  [/\b00[0-4]_/, 'a seed file name'],
  [/npm run|node dist/, 'a shell command'],
  [/\b(handlaggare|teamledare|medarbetare)\b\/|\/(handlaggare|teamledare|teamet)\b/, 'role ids'],
  // A refusal says who does it and what the user can do; the audit is ours, not a threat (issue 33.4).
  [/loggats|been logged|was logged/i, 'a refusal that says it was logged'],
];
const SWEDISH: [RegExp, string][] = [
  [/triag/i, '"triage" (say "första bedömning")'],
  [/i samverkan/i, '"i samverkan" (000_… dropped it)'],
  [/\banmäl(s|er)\b/i, 'staff "anmäler" (they rapporterar; providers anmäler)'],
  [/ÅÅÅÅ-Q|\b20\d\d-Q[1-4]\b/, 'an English quarter (ÅÅÅÅ-K1, 2026-K3)'],
  [/\bleverantör\b/i, '"leverantör" (say "vårdgivare")'],
  // Issue 32.4, each as the follow-up team found it in the running bot.
  [/lex (Maria|Sarah)[^.]*inte här|inte här[^.]*lex (Maria|Sarah)/, 'lex Maria/Sarah "not here" (report here, and also by the routine)'],
  [/Handläggare hos \{receiver\}/, 'the receiving side is the mottagare'],
  [/\bdagar? sen\b|arbetsdagar? sen\b/, '"dag sen" (say "efter tidsgränsen")'],
  [/försenad \{/, '"försenad 5 dagar" (say "5 dagar försenad")'],
  [/följs (redan |nu )?upp fördjupat/, '"följs upp fördjupat" (say "lämnats över till fördjupad uppföljning")'],
  [/Klar och följs upp/, '"Klar och följs upp den" (say "Klart senast")'],
  [/Följda ärenden/, '"Följda ärenden" (say "Uppföljda ärenden")'],
  [/informeras när du sparar/, 'a promise to inform that is not what the bot does'],
  // 004_… Bilaga 2: "från politiken vill man ha 6–8" is a participant's note, not the study's advice.
  [/förstudien rekommenderar|arbetsgrupp följer 6–8/, "6–8 as the pre-study's advice"],
];
/** English as an English reader expects it (issue 32.4). */
const ENGLISH: [RegExp, string][] = [
  [/Opinion\/complaint/, '"Opinion/complaint" (say "Comment or complaint")'],
  [/\btriage\b/i, '"triage" (say "first assessment")'],
];
/** Both languages: what no text should hold. */
const NOWHERE: [RegExp, string][] = [
  [/[\u200B-\u200D\u2060\uFEFF]/, 'a zero-width character'],
  // «…» marks a placeholder to fill in; words to type as they stand are quoted ”…” / “…” (issue 32.4).
  [/«(språk|language) /, 'a command to type in «…» (quote it)'],
  // A count joined to a plural noun outside a plural key reads "1 ärenden" (use plural(): key.one / key.other).
  [/\{(count|days|n)\} (ärenden|dagar|arbetsdagar|cases|days)\b/, 'a count with a fixed plural'],
];

const offences = (texts: [string, string][], rules: [RegExp, string][]) =>
  texts.flatMap(([key, text]) => rules.filter(([re]) => re.test(text)).map(([, why]) => `${key}: ${why}: ${text}`));

describe('the Swedish of the field', () => {
  it('has no seed names, commands or role ids in either catalogue', () => {
    expect(offences(Object.entries(sv), EVERYWHERE)).toEqual([]);
    expect(offences(Object.entries(en), EVERYWHERE)).toEqual([]);
  });

  it('uses the region’s words in Swedish', () => {
    expect(offences(Object.entries(sv), SWEDISH)).toEqual([]);
  });

  it('uses plain English in English', () => {
    expect(offences(Object.entries(en), ENGLISH)).toEqual([]);
  });

  it('has no fixed plural after a count and no invisible characters, in either language', () => {
    const plain = (entries: [string, string][]) => entries.filter(([key]) => !key.endsWith('.other'));
    expect(offences(plain(Object.entries(sv)), NOWHERE)).toEqual([]);
    expect(offences(plain(Object.entries(en)), NOWHERE)).toEqual([]);
  });

  it('marks Region Halland’s requirements as a comparison, not Västra Götaland’s (issue 32.2)', async () => {
    const catalogue = JSON.parse(await readFile('data/reference/indicators.json', 'utf8')) as { indicators: { name: { sv: string } }[] };
    const halland = catalogue.indicators.filter((i) => /Halland/.test(i.name.sv));
    expect(halland.length).toBeGreaterThan(0);
    for (const i of halland) expect(i.name.sv).toContain('jämförelse: Region Hallands krav, inte Västra Götalands');
  });

  it('names the agreements as the region does (000_…: SAMSA, Hälso- och sjukvårdsavtalet)', async () => {
    for (const file of ['agreements', 'categories', 'causes', 'providers', 'ladder'])
      expect(await readFile(`data/reference/${file}.json`, 'utf8'), file).not.toMatch(/SVPL|Hemsjukvårdsavtalet/);
  });

  it('has no such words in a card template either', async () => {
    const files = (await readdir('cards')).filter((f) => f.endsWith('.json'));
    const texts = await Promise.all(files.map(async (f): Promise<[string, string]> => [f, await readFile(`cards/${f}`, 'utf8')]));
    expect(offences(texts, [...EVERYWHERE, ...SWEDISH])).toEqual([]);
  });
});
