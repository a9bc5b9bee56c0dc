// The start command runs one bundled file instead of tsc's output, which loads about 2 000
// modules from node_modules one by one: finding, reading and compiling them was most of a cold
// start (issue 17). esbuild bundles tsc's output; its source maps are chained, so
// `node --enable-source-maps dist/main.mjs` shows TypeScript lines in a stack trace.
//
//   dist/main.mjs       what `npm start` runs
//   dist/bench/bot.mjs  the bench's subject, the same bot
import { build } from 'esbuild';
import { lazyRecognizers } from './lazyRecognizers.js';

await build({
  entryPoints: { main: 'dist/src/main.js', 'bench/bot': 'dist/bench/bot.js' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Whitespace and syntax only, identifiers stay: the unminified bundle held 9 MB more after
  // start. Not keepNames: its __name() call on every function made inside a turn cost 15-20 %
  // of hjälp's req/s (4 075 against 4 742 without it, 5 029 on tsc's output, one probe run).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  // Optional native add-ons their packages try to require and do without.
  external: ['pg-native', 'dtrace-provider'],
  // Bundled CommonJS packages require Node's built-ins, which an ES module has no `require` for.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [lazyRecognizers],
});
