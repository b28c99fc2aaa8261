// Runs every suite (unit, renderer, end-to-end), then prints one plain line
// with the totals, which CI reads: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const bin = (name) => join('node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

// The end-to-end tests load the built renderer, so build first.
if (run(bin('electron-vite'), ['build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const outDir = join(tmpdir(), `reviewdesk-test-${process.pid}`);
mkdirSync(outDir, { recursive: true });
const report = join(outDir, 'vitest.json');
const status = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = r.numFailedTests ?? 0;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed outside its tests (a hook, an import) may have no
  // failed test in it: count the suite itself as a failure.
  for (const s of r.testResults ?? []) {
    if (s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed')) failed++;
  }
} catch {
  failed = Math.max(failed, 1);
}
rmSync(outDir, { recursive: true, force: true });
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
