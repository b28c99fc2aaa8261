/**
 * The embedded demo backend: the reference server, in-process, on loopback.
 * Loaded on demand, so a start without the demo does not parse the server's code.
 */
import type { StartDemoServer } from './session';

export const startEmbeddedDemoServer: StartDemoServer = async ({ db, port, seed }) => {
  const { startServer } = await import('../../server');
  const s = await startServer({ db, port, seed, host: '127.0.0.1', quiet: true });
  return { baseUrl: s.baseUrl, port: s.port, token: s.token, close: () => s.close() };
};
