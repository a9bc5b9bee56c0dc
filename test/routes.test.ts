// One source for every verb: each verb a card uses has a route, each verb route is used by a
// card or a button built in code, and templates name verbs only through `verbs`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCommand, routeTable } from './support/routes.js';
import { VERBS } from '../src/verbs.js';
import { CardRenderer } from '../src/core/cards.js';

let templates: [string, unknown][];
let sources: string;
beforeAll(async () => {
  templates = (await CardRenderer.load('cards', VERBS)).sources();
  // Buttons are built outside the route tables (a route naming its own verb is not a use).
  const files = (await readdir('src', { recursive: true })).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('routes.ts'),
  );
  sources = (await Promise.all(files.map((f) => readFile(path.join('src', f), 'utf8')))).join('\n');
});

const allVerbs = () => Object.entries(VERBS).flatMap(([cap, verbs]) => Object.entries(verbs).map(([key, verb]) => ({ cap, key, verb })));

/** Every `verb` a template sets, as written. */
function templateVerbs(): string[] {
  const out: string[] = [];
  JSON.stringify(templates, (k, v: unknown) => {
    if (k === 'verb' && typeof v === 'string') out.push(v);
    return v;
  });
  return out;
}

describe('verbs', () => {
  it('are written in templates only through verbs.<capability>.<name>, each of which exists', () => {
    const refs = templateVerbs();
    const literal = refs.filter((v) => !v.startsWith('${'));
    expect(literal).toEqual([]);
    for (const ref of refs.filter((v) => v.includes('verbs.'))) {
      const [, cap, key] = ref.match(/verbs\.(\w+)\.(\w+)/)!;
      expect((VERBS as Record<string, Record<string, string>>)[cap!]?.[key!], ref).toBeDefined();
    }
  });

  it('each have a route, and each verb route is used by a template or a button built in code', async () => {
    const routes = await routeTable();
    const routed = new Set(routes.flatMap((r) => (r.kind === 'verb' ? [r.verb] : [])));
    const known = new Set<string>(allVerbs().map((v) => v.verb));
    expect([...routed].filter((v) => !known.has(v))).toEqual([]);
    expect([...known].filter((v) => !routed.has(v))).toEqual([]);
    const capOf: Record<string, string> = {
      REPORTING: 'reporting',
      CASE: 'cases',
      ANSWER: 'answers',
      ANALYSIS: 'analyses',
      HELP: 'help',
      INDICATOR: 'indicators',
      STATISTICS: 'statistics',
    };
    const used = new Set(templateVerbs().flatMap((v) => [...v.matchAll(/verbs\.(\w+)\.(\w+)/g)].map((m) => `${m[1]}.${m[2]}`)));
    for (const m of sources.matchAll(/\b([A-Z]+)_VERBS\.(\w+)/g)) used.add(`${capOf[m[1]!]}.${m[2]}`);
    expect(
      allVerbs()
        .filter(({ cap, key }) => !used.has(`${cap}.${key}`))
        .map((v) => v.verb),
    ).toEqual([]);
  });
});

describe('command words', () => {
  it('never shadow each other: each command word, typed, reaches its own route (the longest match wins)', async () => {
    const { commandRouter, fold } = await import('../src/core/text.js');
    const commands = (await routeTable()).filter(isCommand);
    const route = commandRouter(commands.map((r) => ({ words: r.words, value: r.name })));
    const words = commands.flatMap((r) => r.words.map((w) => ({ word: w, name: r.name })));
    // Each word with something after it, as a user types it with arguments.
    for (const { word, name } of words) expect(route(`${word} x`)?.value, word).toBe(name);
    // Whatever order the capabilities list them in.
    const reversed = commandRouter(commands.toReversed().map((r) => ({ words: r.words.toReversed(), value: r.name })));
    for (const { word, name } of words) expect(reversed(`${word} x`)?.value, word).toBe(name);
    // And the pairs where one is the start of another exist (else the rule is untested).
    const prefixes = words.filter((a) => words.some((b) => b.name !== a.name && fold(b.word).startsWith(`${fold(a.word)} `)));
    expect(prefixes.length).toBeGreaterThan(0);
  });
});
