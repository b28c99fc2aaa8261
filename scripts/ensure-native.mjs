// Makes sure better-sqlite3 is built for the runtime about to load it.
// `npm ci` builds it for Node (tests, browser host, server). `npm start` and
// `npm run dist` need it built for Electron; running the tests afterwards
// rebuilds it for Node again. Never part of postinstall.
import { execFileSync, spawnSync } from 'node:child_process';

const target = process.argv[2] ?? 'node';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function loadsInNode() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { encoding: 'utf8' });
  return {
    ok: r.status === 0,
    message: (r.stderr || '').split('\n').find((l) => l.includes('NODE_MODULE_VERSION') || l.includes('Error')) ?? '',
  };
}

if (target === 'node') {
  const first = loadsInNode();
  if (!first.ok) {
    console.log(
      `better-sqlite3 does not load in Node (${first.message.trim() || 'unknown error'}); rebuilding it for Node ${process.version}…`,
    );
    execFileSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit' });
    const second = loadsInNode();
    if (!second.ok) {
      console.error(`better-sqlite3 still does not load after a rebuild: ${second.message}`);
      process.exit(1);
    }
  }
} else if (target === 'electron') {
  console.log('Rebuilding native modules for Electron (run `npm test` afterwards and it switches back to Node)…');
  const r = spawnSync('npx', ['electron-builder', 'install-app-deps'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error('Could not rebuild native modules for Electron. Electron needs its headers from the network; see README.');
    process.exit(r.status ?? 1);
  }
} else {
  console.error(`usage: ensure-native.mjs node|electron`);
  process.exit(2);
}
