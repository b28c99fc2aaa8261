/**
 * Finding and preparing a real Electron for the launch test. On machines
 * without an Electron binary (these CI machines: its download comes from
 * outside the package registry) everything here answers with the reason to
 * skip. Never `require('electron')` from a test: that module downloads the
 * binary when it is missing.
 *
 * better-sqlite3 is built for Node's ABI (`npm test` needs it so). Rather
 * than rebuilding the repo's copy under the running suite, the test gets a
 * private app folder: the built `out/`, `resources/`, links to every
 * installed package, and its own better-sqlite3 built for Electron (prebuilt
 * download, else node-gyp against Electron's headers; cached per version in
 * node_modules/.cache so it happens once).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type Found = { ok: true; executable: string; version: string } | { ok: false; reason: string };

/** The Electron binary to launch, or why the launch test cannot run here. */
export function findElectron(root = ROOT): Found {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return { ok: false, reason: 'the electron package is not installed' };
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const pathTxt = join(pkgDir, 'path.txt');
  const rel = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override
    ? join(override, rel ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'))
    : rel
      ? join(pkgDir, 'dist', rel)
      : null;
  if (!executable || !existsSync(executable)) {
    return {
      ok: false,
      reason: `no Electron ${version} binary on this machine (node_modules/electron has no dist/: its download is not reachable here; set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run this test)`,
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset): run the tests under xvfb-run' };
  }
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
    return { ok: false, reason: 'the app is not built: run `npm run build` first (npm test does)' };
  }
  return { ok: true, executable, version };
}

/** Does better-sqlite3, as resolved from `dir`, load in this Electron's Node? */
function sqliteLoads(electron: string, dir: string): boolean {
  const r = spawnSync(electron, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: dir,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return r.status === 0;
}

export type Prepared = { ok: true; appDir: string; cleanup(): void } | { ok: false; reason: string };

/** An app folder Electron can run: the repo itself when its native module fits, else a private copy. */
export function prepareElectronApp(electron: Extract<Found, { ok: true }>, root = ROOT): Prepared {
  if (sqliteLoads(electron.executable, root)) return { ok: true, appDir: root, cleanup: () => {} };

  const dir = mkdtempSync(join(tmpdir(), 'reviewdesk-electron-app-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    cpSync(join(root, 'out'), join(dir, 'out'), { recursive: true });
    cpSync(join(root, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(root, 'resources'), join(dir, 'resources'), 'junction');
    const modules = join(dir, 'node_modules');
    mkdirSync(modules);
    for (const name of readdirSync(join(root, 'node_modules'))) {
      if (name === 'better-sqlite3' || name === '.bin' || name === '.cache') continue;
      symlinkSync(join(root, 'node_modules', name), join(modules, name), 'junction');
    }
    const sqliteDir = join(modules, 'better-sqlite3');
    cpSync(join(root, 'node_modules', 'better-sqlite3'), sqliteDir, { recursive: true, dereference: true });

    const sqliteVersion = (JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')) as { version: string }).version;
    const cacheDir = join(root, 'node_modules', '.cache', 'reviewdesk-electron-native');
    const cached = join(
      cacheDir,
      `better-sqlite3-${sqliteVersion}-electron-${electron.version}-${process.platform}-${process.arch}.node`,
    );
    const built = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
    if (existsSync(cached)) {
      mkdirSync(join(sqliteDir, 'build', 'Release'), { recursive: true });
      copyFileSync(cached, built);
    } else {
      const bin = (name: string) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
      // npm passes its config down as npm_config_* (a `nodedir` there would make node-gyp build for Node again).
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_config_/i.test(k)) env[k] = v;
      try {
        execFileSync(bin('prebuild-install'), ['--runtime', 'electron', '--target', electron.version, '--arch', process.arch], {
          cwd: sqliteDir,
          env,
          stdio: 'pipe',
        });
      } catch {
        execFileSync(
          bin('node-gyp'),
          [
            'rebuild',
            '--release',
            '--runtime=electron',
            `--target=${electron.version}`,
            `--arch=${process.arch}`,
            '--dist-url=https://electronjs.org/headers',
          ],
          { cwd: sqliteDir, env, stdio: 'pipe' },
        );
      }
    }
    if (!sqliteLoads(electron.executable, dir)) {
      cleanup();
      return {
        ok: false,
        reason: `better-sqlite3 ${sqliteVersion} does not load in Electron ${electron.version} even after building it for Electron`,
      };
    }
    // Cached only once Electron has loaded it: a wrong build is never kept.
    if (!existsSync(cached)) {
      mkdirSync(cacheDir, { recursive: true });
      copyFileSync(built, cached);
    }
    return { ok: true, appDir: dir, cleanup };
  } catch (e) {
    cleanup();
    const lines = ((e as { stderr?: Buffer }).stderr?.toString() ?? '').trim().split('\n');
    // node-gyp ends with its environment; the cause is in its first "stack" lines.
    const cause = lines
      .filter((l) => /ERR! stack (?!\s*at )/.test(l))
      .slice(0, 3)
      .map((l) => l.replace(/^.*ERR! stack\s*/, ''))
      .join(' ');
    const message =
      cause || lines.find((l) => /Error:|ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT/.test(l))?.trim() || (e as Error).message;
    return {
      ok: false,
      reason: `could not build better-sqlite3 for Electron ${electron.version} (needs its headers or a prebuilt binary from the network): ${message}`,
    };
  }
}
