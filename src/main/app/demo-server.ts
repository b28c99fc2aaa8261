/** The embedded demo backend: the reference server, in-process, on loopback. */
import { startServer } from '../../server';
import type { StartDemoServer } from './session';

export const startEmbeddedDemoServer: StartDemoServer = async ({ db, port, seed }) => {
  const s = await startServer({ db, port, seed, host: '127.0.0.1', quiet: true });
  return { baseUrl: s.baseUrl, port: s.port, token: s.token, close: () => s.close() };
};
