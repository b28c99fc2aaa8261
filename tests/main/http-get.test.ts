/**
 * The page worker's GET (backend/http-get.ts): whole bodies however they
 * come, the failures said as the HTTP client says them, and the one resend
 * on a kept-alive socket the server had closed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../src/main/backend/backend-error';
import { httpGet } from '../../src/main/backend/http-get';

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server speaking raw HTTP: `onRequest` gets the socket and the count of requests on it. */
async function serveRaw(onRequest: (socket: Socket, nth: number, connection: number) => void): Promise<string> {
  let connections = 0;
  const server = createNetServer((socket) => {
    const connection = ++connections;
    let nth = 0;
    let buffered = '';
    socket.on('data', (d) => {
      buffered += String(d);
      while (buffered.includes('\r\n\r\n')) {
        buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
        onRequest(socket, ++nth, connection);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  servers.push({
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const body = Buffer.from(
  JSON.stringify({ changes: Array.from({ length: 2000 }, (_, i) => ({ id: i, title: `Refund ${i} “é”` })) }),
);

async function failureOf(p: Promise<unknown>): Promise<BackendError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BackendError);
  return e as BackendError;
}

describe('the page worker’s GET', () => {
  it('gets a body announced by its length, with its status and headers, sending the headers it is given', async () => {
    let auth: string | undefined;
    const url = await serve((req, res) => {
      auth = req.headers.authorization;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length, 'X-Page': '7' });
      res.end(body);
    });
    const got = await httpGet(`${url}/sync/`, { Authorization: 'Token abc' }, 5000);
    expect(got.status).toBe(200);
    expect(got.header('x-page')).toBe('7');
    expect(got.header('X-Page')).toBe('7');
    expect(got.header('retry-after')).toBeNull();
    expect(Buffer.from(got.bytes).equals(body)).toBe(true);
    // Its own memory, so that it can be moved to another thread.
    expect(got.bytes.byteOffset).toBe(0);
    expect(got.bytes.buffer.byteLength).toBe(body.length);
    expect(auth).toBe('Token abc');
  });

  it('gets a chunked body, and an empty one', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/empty') return res.writeHead(204).end();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < body.length; i += 10_000) res.write(body.subarray(i, i + 10_000));
      res.end();
    });
    expect(Buffer.from((await httpGet(`${url}/`, {}, 5000)).bytes).equals(body)).toBe(true);
    const empty = await httpGet(`${url}/empty`, {}, 5000);
    expect(empty.status).toBe(204);
    expect(empty.bytes.length).toBe(0);
  });

  it('decompresses gzip, deflate and br, as fetch did', async () => {
    const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
    let accepted: string | undefined;
    const url = await serve((req, res) => {
      accepted = req.headers['accept-encoding'];
      const encoding = req.url!.slice(1);
      const out = encoders[encoding]!(body);
      res.writeHead(200, { 'Content-Encoding': encoding, 'Content-Length': out.length }).end(out);
    });
    for (const encoding of Object.keys(encoders)) {
      const got = await httpGet(`${url}/${encoding}`, {}, 5000);
      expect(Buffer.from(got.bytes).equals(body), encoding).toBe(true);
    }
    expect(accepted).toMatch(/gzip/);
  });

  it('says so when a body does not decompress, or comes in an encoding it does not know', async () => {
    const url = await serve((req, res) => {
      const garbled = Buffer.from('not gzip at all');
      res
        .writeHead(200, { 'Content-Encoding': req.url === '/zstd' ? 'zstd' : 'gzip', 'Content-Length': garbled.length })
        .end(garbled);
    });
    const e = await failureOf(httpGet(`${url}/page`, {}, 5000));
    expect(e.code).toBe('offline');
    expect(e.message).toMatch(/^The server's answer could not be decompressed \(GET \/page: /);
    expect((await failureOf(httpGet(`${url}/zstd`, {}, 5000))).message).toMatch(/unknown content-encoding zstd/);
  });

  it('answers any status with its body: a 429 with its Retry-After is the caller’s to judge', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(429, { 'Retry-After': '12', 'Content-Type': 'application/json' }).end('{"detail":"slow down"}');
    });
    const got = await httpGet(`${url}/`, {}, 5000);
    expect(got.status).toBe(429);
    expect(got.header('retry-after')).toBe('12');
    expect(Buffer.from(got.bytes).toString()).toBe('{"detail":"slow down"}');
  });

  it('fails a body cut short as the network failing, not as a shorter page', async () => {
    const url = await serveRaw((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"changes":[');
      setTimeout(() => socket.destroy(), 20);
    });
    const e = await failureOf(httpGet(`${url}/`, {}, 5000));
    expect(e.code).toBe('offline');
    expect(e.message).toMatch(/^Cannot reach the server: /);
  });

  it('gives up on a server that does not answer in time, naming the path', async () => {
    const url = await serveRaw(() => {
      // Never answers.
    });
    const e = await failureOf(httpGet(`${url}/sync/assignments/?since=abc`, {}, 150));
    expect(e.code).toBe('offline');
    expect(e.message).toBe('The server did not answer in time (GET /sync/assignments/)');
  });

  it('says a refused connection in the HTTP client’s words', async () => {
    const url = await serveRaw(() => {});
    servers.splice(0).forEach((s) => s.close()); // nothing listens there any more
    const e = await failureOf(httpGet(`${url}/`, {}, 5000));
    expect(e.message).toBe('Cannot reach the server: connection refused');
  });

  it('sends once more, on a new connection, when the kept-alive socket turns out closed; not a third time', async () => {
    const seen: string[] = [];
    const answer = (socket: Socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n\r\n{}');
    let dropEvery = false;
    const url = await serveRaw((socket, nth, connection) => {
      seen.push(`${connection}:${nth}`);
      // The first connection's second request: the server had closed the idle socket meanwhile.
      if ((connection === 1 && nth === 2) || dropEvery) return void socket.destroy();
      answer(socket);
    });
    expect((await httpGet(`${url}/a`, {}, 5000)).status).toBe(200);
    expect((await httpGet(`${url}/b`, {}, 5000)).status).toBe(200);
    expect(seen).toEqual(['1:1', '1:2', '2:1']);
    // A server that drops every request is not asked forever: the resend happens once.
    dropEvery = true;
    seen.length = 0;
    const e = await failureOf(httpGet(`${url}/c`, {}, 5000));
    expect(e.code).toBe('offline');
    expect(seen.length).toBe(2);
  });

  it('follows redirects as fetch did, its credentials only to the origin they were given for', async () => {
    const seen: { path: string; auth: string | undefined }[] = [];
    const other = await serve((req, res) => {
      seen.push({ path: `other ${req.url}`, auth: req.headers.authorization });
      res.writeHead(200, { 'Content-Length': 5 }).end('moved');
    });
    const url = await serve((req, res) => {
      seen.push({ path: req.url!, auth: req.headers.authorization });
      if (req.url === '/old') return res.writeHead(301, { Location: '/new' }).end();
      if (req.url === '/away') return res.writeHead(307, { Location: `${other}/there` }).end();
      if (req.url!.startsWith('/loop')) return res.writeHead(302, { Location: `/loop${seen.length}` }).end();
      res.writeHead(200, { 'Content-Length': 4 }).end('here');
    });
    const headers = { Authorization: 'Token abc' };
    expect(Buffer.from((await httpGet(`${url}/old`, headers, 5000)).bytes).toString()).toBe('here');
    expect(Buffer.from((await httpGet(`${url}/away`, headers, 5000)).bytes).toString()).toBe('moved');
    expect(seen).toEqual([
      { path: '/old', auth: 'Token abc' },
      { path: '/new', auth: 'Token abc' },
      { path: '/away', auth: 'Token abc' },
      { path: 'other /there', auth: undefined },
    ]);
    // A loop ends, the last redirect being the answer, for the caller to judge.
    seen.length = 0;
    const looped = await httpGet(`${url}/loop`, headers, 5000);
    expect(looped.status).toBe(302);
    expect(seen).toHaveLength(6);
  });

  it('refuses what is not http or https', async () => {
    const e = await failureOf(httpGet('ftp://127.0.0.1/', {}, 5000));
    expect(e.message).toMatch(/unsupported protocol ftp:/);
    expect((await failureOf(httpGet('not a url', {}, 5000))).code).toBe('offline');
  });
});
