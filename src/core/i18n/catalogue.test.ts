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
  [/ÅÅÅÅ-Q/, 'an English quarter (ÅÅÅÅ-K1)'],
  [/\bleverantör\b/i, '"leverantör" (say "vårdgivare")'],
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

  it('has no such words in a card template either', async () => {
    const files = (await readdir('cards')).filter((f) => f.endsWith('.json'));
    const texts = await Promise.all(files.map(async (f): Promise<[string, string]> => [f, await readFile(`cards/${f}`, 'utf8')]));
    expect(offences(texts, [...EVERYWHERE, ...SWEDISH])).toEqual([]);
  });
});
