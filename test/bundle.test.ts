// The bundle's stand-in for the language recognizers (scripts/lazyRecognizers.ts): nothing of the
// real package runs at start, the culture names come from the base package, and the first use of
// anything else gets the real package's member.
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { baseOf, lazyModule, lazyRecognizers } from '../scripts/lazyRecognizers.js';

const require = createRequire(import.meta.url);
const real = path.resolve('test/fixtures/lazy/real.cjs');
// The dialogs and the recognizers as teams-ai's Application finds them.
const dialogsPath = createRequire(require.resolve('@microsoft/teams-ai')).resolve('botbuilder-dialogs');
const base = baseOf(createRequire(dialogsPath).resolve('@microsoft/recognizers-text-suite'));
const CACHE = path.resolve('node_modules/.cache/lazy-recognizers');
declare global {
  var lazyRealEvaluated: number | undefined;
}

/**
 * Bundles `entry` (CommonJS, as botbuilder-dialogs is) and loads it; written below node_modules,
 * as the bot's bundle is, so that what stays out of it is found there.
 */
async function bundled(entry: string, plugins = [lazyRecognizers]): Promise<{ out: string } & Record<string, () => unknown>> {
  await mkdir(CACHE, { recursive: true });
  const out = path.join(await mkdtemp(path.join(CACHE, 'lazy-')), 'out.cjs');
  await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    plugins,
    logLevel: 'error',
  });
  return { ...require(out), out };
}

describe('the lazy recognizers', () => {
  it('runs nothing of the real package until a member other than the culture names is read', async () => {
    const standIn = {
      name: 'stand-in',
      setup: (b: Parameters<(typeof lazyRecognizers)['setup']>[0]) => {
        b.onResolve({ filter: /^recognizer$/ }, () => ({ path: 'recognizer', namespace: 'stand-in' }));
        b.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({
          loader: 'js',
          resolveDir: process.cwd(),
          contents: lazyModule(real, base),
        }));
      },
    };
    globalThis.lazyRealEvaluated = 0;
    const m = await bundled(
      `const r = require('recognizer'); exports.culture = () => r.Culture.English; exports.recognize = () => r.recognizeNumber('tolv');
       exports.listed = () => [Object.keys(r), 'recognizeNumber' in r, 'nothing' in r, { ...r }.Culture.English];`,
      [standIn],
    );
    expect(m['culture']!()).toBe(require(base).Culture.English);
    expect(globalThis.lazyRealEvaluated).toBe(0);
    expect(m['recognize']!()).toEqual([{ text: 'tolv', resolution: { value: '12' } }]);
    expect(m['recognize']!()).toHaveLength(1);
    // Listed, asked for and copied as the real package is (the stand-in's own target is empty).
    // (the culture names in the copy, too, are the base package's)
    expect(m['listed']!()).toEqual([['recognizeNumber', 'Culture'], true, false, require(base).Culture.English]);
    expect(globalThis.lazyRealEvaluated).toBe(1);
  });

  it('leaves the recognizers out of the bundle: the dialogs get the same culture names, the real package on first use', async () => {
    // A recognizer package bundled anyway would count its evaluations here.
    const counted: Plugin = {
      name: 'counted',
      setup: (b) =>
        b.onLoad({ filter: /recognizers-text-(suite|number|choice|date-time)\.umd\.js$/ }, async (args) => ({
          loader: 'js',
          contents: `globalThis.lazyRealEvaluated++;\n${await readFile(args.path, 'utf8')}`,
        })),
    };
    globalThis.lazyRealEvaluated = 0;
    const m = await bundled(
      `const d = require('botbuilder-dialogs'); exports.cultures = () => d.PromptCultureModels.getSupportedCultures().map((c) => c.locale);
       exports.number = () => new d.NumberPrompt('n').constructor.name && require('@microsoft/recognizers-text-number').recognizeNumber('twelve', 'en-us')[0].resolution.value;`,
      [lazyRecognizers, counted],
    );
    const loaded = (name: string) => require.cache[createRequire(m.out).resolve(name)] !== undefined;
    const packages = ['suite', 'number', 'choice', 'date-time'].map((p) => `@microsoft/recognizers-text-${p}`);
    expect(m['cultures']!()).toHaveLength(9);
    expect(packages.filter(loaded)).toEqual([]);
    expect(m['number']!()).toBe('12');
    expect(packages.filter(loaded)).toEqual(['@microsoft/recognizers-text-number']);
    expect(globalThis.lazyRealEvaluated).toBe(0);
    expect(m['cultures']!()).toEqual(
      require(dialogsPath)
        .PromptCultureModels.getSupportedCultures()
        .map((c: { locale: string }) => c.locale),
    );
  });
});
