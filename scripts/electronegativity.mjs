// Runs Electronegativity over src/ through its Node API and fails on any
// finding of MEDIUM severity or higher that tools/electronegativity/
// suppressions.json does not accept with a written reason. (Its CLI exits 0
// whatever it finds, so CI cannot rely on it.)
//
// Electronegativity lives in its own folder (tools/electronegativity, with
// its own lockfile: it brings eslint 7 and TypeScript 4.2); install it with
// `npm ci --prefix tools/electronegativity`. The scan runs offline: the
// check that downloads Electron's release list is left out (the Electron
// version is pinned in package.json and kept current by hand), and the
// translation download it tries at start is answered "offline" at once.
//
//   node scripts/electronegativity.mjs            scan, print findings, exit 1 on an unsuppressed one
//   node scripts/electronegativity.mjs --all      also list LOW and INFORMATIONAL findings
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = join(root, 'tools', 'electronegativity');
const srcDir = join(root, 'src');
const suppressionsFile = join(toolDir, 'suppressions.json');
const showAll = process.argv.includes('--all');
const FAIL_AT = 2; // MEDIUM (LOW 1, INFORMATIONAL 0, HIGH 3)
const MIN_REASON = 30;

function die(message) {
  console.error(`electronegativity: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- the tool, offline
const requireTool = createRequire(join(toolDir, 'package.json'));
let entry;
try {
  entry = requireTool.resolve('@doyensec/electronegativity');
} catch {
  die('not installed. Run: npm ci --prefix tools/electronegativity');
}
// Its first act is fetching translations from the network (1 s timeout). Answer for the network, before it loads.
const requireFromTool = createRequire(entry);
const gotPath = requireFromTool.resolve('got');
const offline = () => Promise.reject(new Error('offline: the scan does not use the network'));
requireFromTool.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: Object.assign(offline, { default: offline }),
};
const run = requireFromTool(entry);

// ---------------------------------------------------------------- suppressions
let suppressions;
try {
  suppressions = JSON.parse(readFileSync(suppressionsFile, 'utf8')).suppressions;
} catch (e) {
  die(`cannot read ${suppressionsFile}: ${e.message}`);
}
if (!Array.isArray(suppressions)) die(`${suppressionsFile}: "suppressions" must be a list`);
const badEntries = suppressions.filter(
  (s) =>
    !s ||
    typeof s.check !== 'string' ||
    typeof s.file !== 'string' ||
    typeof s.line_contains !== 'string' ||
    s.line_contains.trim() === '' ||
    typeof s.reason !== 'string' ||
    s.reason.trim().length < MIN_REASON,
);
if (badEntries.length > 0) {
  die(
    `every suppression needs check, file, line_contains and a reason of at least ${MIN_REASON} characters:\n${badEntries
      .map((s) => `  ${JSON.stringify(s)}`)
      .join('\n')}`,
  );
}

// Inline `eng-disable` comments would hide findings from the API without a written reason.
const { list_files: listFiles } = requireFromTool(join(dirname(entry), 'util', 'file.js'));
const sources = (await listFiles(srcDir)) ?? [];
const inline = sources.filter((f) => /eng-disable/.test(readFileSync(f, 'utf8')));
if (inline.length > 0) {
  die(`inline eng-disable comments are not accepted (write the reason in ${suppressionsFile}):\n  ${inline.join('\n  ')}`);
}

// ---------------------------------------------------------------- scan
function electronVersion() {
  const installed = join(root, 'node_modules', 'electron', 'package.json');
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8')).version;
  const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies?.electron ?? '';
  return range.replace(/^[^\d]*/, '');
}

const version = electronVersion();
// It reports progress and its own network troubles on console.log: keep them for a failure.
const chatter = [];
const log = console.log;
console.log = (...args) => chatter.push(args.join(' '));
let result;
try {
  result = await run({
    input: srcDir,
    isRelative: true,
    electronVersionOverride: version,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
} catch (e) {
  console.log = log;
  for (const line of chatter) console.error(line);
  die(`the scan failed: ${e?.stack ?? e}`);
} finally {
  console.log = log;
}

// A file it could not parse was not checked at all: that is a failure, not a pass.
const unparsed = result.errors.filter((e) => !e.tolerable);
const lineOf = (file, line) => {
  try {
    return readFileSync(join(srcDir, file), 'utf8').split('\n')[line - 1] ?? '';
  } catch {
    return '';
  }
};

const used = new Set();
const findings = result.issues.map((issue) => {
  const file = issue.file.split('\\').join('/');
  const text = lineOf(file, issue.location.line);
  const index = suppressions.findIndex((s) => s.check === issue.id && s.file === file && text.includes(s.line_contains));
  if (index >= 0) used.add(index);
  return {
    id: issue.id,
    severity: issue.severity.name,
    value: issue.severity.value,
    confidence: issue.confidence.name,
    where: `src/${file}:${issue.location.line}:${issue.location.column}`,
    text: text.trim().slice(0, 100),
    suppression: index >= 0 ? suppressions[index] : null,
    url: issue.shortenedURL,
  };
});
findings.sort((a, b) => b.value - a.value || a.where.localeCompare(b.where));

const blocking = findings.filter((f) => f.value >= FAIL_AT && !f.suppression);
const accepted = findings.filter((f) => f.value >= FAIL_AT && f.suppression);
const minor = findings.filter((f) => f.value < FAIL_AT);

console.log(
  `electronegativity ${JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')).version} ` +
    `over src/ (${sources.length} files, Electron ${version}, ${result.atomicChecks} atomic + ${result.globalChecks} global checks)`,
);
for (const f of blocking) {
  console.log(`  FAIL ${f.severity} ${f.id} (${f.confidence}) ${f.where}\n       ${f.text}\n       ${f.url}`);
}
for (const f of accepted)
  console.log(`  ok   ${f.severity} ${f.id} ${f.where}: suppressed (${f.suppression.reason.slice(0, 70)}…)`);
if (showAll) for (const f of minor) console.log(`  note ${f.severity} ${f.id} ${f.where}`);
for (const e of unparsed) console.log(`  FAIL could not parse ${e.file}: ${e.message}`);
suppressions.forEach((s, i) => {
  if (!used.has(i)) console.log(`  warn a suppression matched nothing (remove it?): ${s.check} ${s.file} "${s.line_contains}"`);
});
console.log(
  `electronegativity: ${blocking.length} unsuppressed MEDIUM+ finding(s), ${accepted.length} suppressed with a reason, ` +
    `${minor.length} LOW/INFORMATIONAL${showAll ? '' : ' (--all lists them)'}, ${unparsed.length} unparsed file(s)`,
);
process.exit(blocking.length > 0 || unparsed.length > 0 ? 1 : 0);
