// The bundle's one rewrite of a dependency (scripts/bundle.ts): see lazyRecognizers below.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * The language recognizers botbuilder-dialogs loads for its prompts (number, choice, date and time:
 * 5.4 MB of code the bot never calls; teams-ai's Application loads the dialogs for its sign-in
 * flows) stay out of the bundle and are loaded from node_modules when first used, not at start.
 * The dialogs require them at start and read only the culture names then (promptCultureModels.js):
 * those come from the small base package (@microsoft/recognizers-text, bundled), and any other
 * member loads the real package on first access. Measured in bench/RESULTS.md.
 */
const LAZY_RECOGNIZERS = [
  '@microsoft/recognizers-text-suite',
  '@microsoft/recognizers-text-number',
  '@microsoft/recognizers-text-choice',
  '@microsoft/recognizers-text-date-time',
];
const NAMESPACE = 'lazy-recognizers';

export const lazyRecognizers: Plugin = {
  name: NAMESPACE,
  setup(b) {
    const filter = new RegExp(`^(${LAZY_RECOGNIZERS.map((n) => n.replace(/[/-]/g, '\\$&')).join('|')})$`);
    // The importer gets the stand-in; the stand-in's own require of the package stays a require.
    b.onResolve({ filter }, (args) =>
      args.namespace === NAMESPACE
        ? { path: args.path, external: true }
        : { path: args.path, namespace: NAMESPACE, pluginData: createRequire(path.join(args.resolveDir, 'index.js')).resolve(args.path) },
    );
    // The base package as the real one finds it.
    b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
      loader: 'js',
      resolveDir: path.dirname(args.pluginData as string),
      contents: lazyModule(args.path, baseOf(args.pluginData as string)),
    }));
  },
};

/** The base package (the culture names) as a recognizer package at `real` depends on it. */
export const baseOf = (real: string): string => createRequire(real).resolve('@microsoft/recognizers-text');

/** A CommonJS module standing for `real`: an ES module to the importer, the culture names from `base`, the rest from `real` when first read. */
export const lazyModule = (real: string, base: string): string => `
let loaded;
const load = () => (loaded ??= require(${JSON.stringify(real)}));
module.exports = new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? true : key === 'Culture' ? require(${JSON.stringify(base)}).Culture : load()[key]),
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  // Reported configurable: the stand-in's own target holds none of them (a Proxy invariant).
  getOwnPropertyDescriptor: (_, key) => {
    const d = Reflect.getOwnPropertyDescriptor(load(), key);
    return d && { ...d, configurable: true };
  },
});
`;
