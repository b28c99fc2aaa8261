// Bundles the benchmark the way the app is built (`npm run bench` runs this,
// then bench/.build/run.js): one CommonJS bundle of the client code, and the
// first sync's page worker beside it, where sync/page-reader.ts looks for it.
//
// Run from the sources through tsx instead, every worker thread inherited
// tsx's loader, and the page worker compiled its TypeScript at each start
// (a quarter to half a second of CPU during the first sync, on two cores):
// the figures measured tsx as much as the app.
import { build } from 'esbuild';

await build({
  entryPoints: { run: 'bench/run.ts', 'page-worker': 'src/main/sync/page-worker.ts' },
  outdir: 'bench/.build',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Dependencies load from node_modules, as in the app's main bundle (better-sqlite3 is native).
  packages: 'external',
  // The test helpers find the repository from their own URL: in the bundle, that of bench/.build/run.js.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
