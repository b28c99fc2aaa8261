/**
 * `npm run start:web -- --port <p> --data-dir <dir>`: the browser host on
 * loopback. Prints the URL to open.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedDemoServer } from '../app/demo-server';
import { defaultDataDir } from '../app/paths';
import { fileSecretStore } from '../desktop/secret-store';
import { consoleLogger } from '../log';
import { startWebHost } from './host';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'demo-seed': { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\nUsage: npm run start:web -- [--port <p>] [--data-dir <dir>] [--demo]`);
    process.exit(2);
  }
  if (values.help) {
    console.log(
      'Usage: npm run start:web -- [--port <p>] [--data-dir <dir>] [--demo] [--demo-seed <n>]\n' +
        '  --demo  on a first run (no account ever signed in), sign in to the embedded demo backend at once',
    );
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not "${values.port}"`);
    process.exit(2);
  }
  const demoSeed = values['demo-seed'] === undefined ? undefined : Number(values['demo-seed']);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const host = await startWebHost({
    port,
    dataDir,
    // The browser host has no OS keyring API: the token sits in a file only this user can read.
    secrets: fileSecretStore(join(dataDir, 'secrets.json')),
    log: consoleLogger,
    startDemoServer: startEmbeddedDemoServer,
    rendererDir: join(__dirname, '../renderer'),
    // The page's first queue page before the tray's first read of a large cache (app-services.ts).
    desktopHoldMs: 2000,
    // And before the first sync and the integrity check compete with it for the disk (session.ts).
    startDelayMs: 1500,
    ...(demoSeed !== undefined && Number.isFinite(demoSeed) ? { demoSeed } : {}),
  });
  host.ready.catch((e: unknown) => {
    console.error(`Reviewdesk could not start: ${(e as Error).message}`);
    process.exit(1);
  });
  if (values.demo) {
    await host.ready;
    if (host.services.session.state().status === 'signed_out' && !host.services.settings.get().everSignedIn) {
      console.log('First run: starting the embedded demo backend…');
      await host.services.session.startDemo();
    }
  }
  // Open at once: the page loads while the remembered account's cache opens (its calls wait for that).
  console.log(`Reviewdesk is running. Open ${host.url}`);
  console.log(`Data folder: ${dataDir}`);
  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

void main().catch((e: unknown) => {
  console.error(`Reviewdesk could not start: ${(e as Error).message}`);
  process.exit(1);
});
