import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_CSP,
  APP_INDEX_URL,
  APP_ORIGIN,
  appProtocolHandler,
  mimeType,
  resolveAppRequest,
} from '../../../src/main/desktop/app-protocol';
import { tempDir } from '../../support/temp-dir';

const ROOT = resolve('/opt/Reviewdesk/resources/app.asar/out/renderer');

describe('resolveAppRequest', () => {
  it('maps app URLs to files under the renderer folder', () => {
    expect(resolveAppRequest(APP_INDEX_URL, ROOT)).toEqual({
      ok: true,
      file: join(ROOT, 'index.html'),
      mime: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest(`${APP_ORIGIN}/`, ROOT)).toMatchObject({ ok: true, file: join(ROOT, 'index.html') });
    expect(resolveAppRequest(APP_ORIGIN, ROOT)).toMatchObject({ ok: true, file: join(ROOT, 'index.html') });
    expect(resolveAppRequest(`${APP_ORIGIN}/assets/index-3f2a.js?v=1#x`, ROOT)).toEqual({
      ok: true,
      file: join(ROOT, 'assets', 'index-3f2a.js'),
      mime: 'text/javascript; charset=utf-8',
    });
    // The host is case-insensitive, as the URL parser makes it.
    expect(resolveAppRequest('app://REVIEWDESK/assets/app.css', ROOT)).toMatchObject({
      ok: true,
      mime: 'text/css; charset=utf-8',
    });
    // Encoded names decode to the file's real name.
    expect(resolveAppRequest(`${APP_ORIGIN}/assets/a%20b.png`, ROOT)).toMatchObject({
      ok: true,
      file: join(ROOT, 'assets', 'a b.png'),
    });
  });

  it('keeps dot segments the URL parser removed inside the folder', () => {
    // WHATWG parsing resolves these before we see them: they can only climb to the root.
    for (const url of [`${APP_ORIGIN}/../../etc/passwd`, `${APP_ORIGIN}/assets/%2e%2e/%2e%2e/etc/passwd`]) {
      const r = resolveAppRequest(url, ROOT);
      expect(r.ok, url).toBe(true);
      if (r.ok) expect(r.file.startsWith(ROOT), url).toBe(true);
    }
  });

  it('refuses traversal that only appears after decoding, and odd characters', () => {
    for (const url of [
      `${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`,
      `${APP_ORIGIN}/assets%2f..%2f..%2f..%2fsecrets.json`,
      `${APP_ORIGIN}/%2e%2e%2fsettings.json`,
      `${APP_ORIGIN}/..%5c..%5cwindows%5cwin.ini`,
      `${APP_ORIGIN}/assets/..%5C..%5C..%5Csecrets.json`,
      `${APP_ORIGIN}/C:%5Cwindows%5Cwin.ini`,
      `${APP_ORIGIN}/c:/windows/win.ini`,
      `${APP_ORIGIN}/index.html%00.png`,
      `${APP_ORIGIN}/assets//app.js`,
      `${APP_ORIGIN}/index.html:stream`,
      `${APP_ORIGIN}/%2fetc%2fpasswd`,
    ]) {
      const r = resolveAppRequest(url, ROOT);
      expect(r.ok, url).toBe(false);
      if (!r.ok) expect(r.status, url).toBe(403);
    }
  });

  it('refuses other hosts, schemes, credentials, ports, bad escapes and methods', () => {
    const cases: [string, number, string?][] = [
      ['app://evil/index.html', 404],
      ['app://reviewdesk.evil/index.html', 404],
      ['app://user:pw@reviewdesk/index.html', 403],
      ['app://reviewdesk:8080/index.html', 403],
      ['file:///etc/passwd', 400],
      ['https://reviewdesk/index.html', 400],
      ['app://reviewdesk/%E0%A4%A', 400],
      ['not a url', 400],
      [`${APP_ORIGIN}/${'a'.repeat(9000)}`, 400],
      [`${APP_ORIGIN}/assets/`, 404],
      [APP_INDEX_URL, 405, 'POST'],
    ];
    for (const [url, status, method] of cases) {
      const r = resolveAppRequest(url, ROOT, method);
      expect(r, url.slice(0, 60)).toMatchObject({ ok: false, status });
    }
  });

  it('names the MIME types the renderer needs', () => {
    expect(mimeType('a.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeType('a.svg')).toBe('image/svg+xml');
    expect(mimeType('a.woff2')).toBe('font/woff2');
    expect(mimeType('a.json')).toBe('application/json; charset=utf-8');
    expect(mimeType('a.wasm')).toBe('application/wasm');
    expect(mimeType('README')).toBe('application/octet-stream');
    expect(mimeType('x.exe')).toBe('application/octet-stream');
  });
});

describe('appProtocolHandler', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('app-protocol-');
    mkdirSync(join(dir.path, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir.path, 'renderer', 'index.html'), '<!doctype html><title>Reviewdesk</title>');
    writeFileSync(join(dir.path, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir.path, 'secrets.json'), '{"token":"s3cret"}');
  });
  afterEach(() => dir.remove());

  const handler = (refused: unknown[] = []) =>
    appProtocolHandler({ rootDir: join(dir.path, 'renderer'), onRefused: (r) => refused.push(r) });

  it('serves the page with its type, the CSP header and nosniff', async () => {
    const res = await handler()(new Request(APP_INDEX_URL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Reviewdesk</title>');

    const js = await handler()(new Request(`${APP_ORIGIN}/assets/app.js`));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-length')).toBe(String('console.log(1)'.length));
  });

  it('the CSP allows no inline or eval script and no framing', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toContain('unsafe-inline');
    expect(APP_CSP).not.toContain('unsafe-eval');
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).toContain("object-src 'none'");
  });

  it('answers HEAD without a body', async () => {
    const res = await handler()(new Request(APP_INDEX_URL, { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('never serves a file outside the renderer folder, and says so', async () => {
    const refused: { path: string; status: number; reason: string }[] = [];
    const h = handler(refused);
    const res = await h(new Request(`${APP_ORIGIN}/..%2fsecrets.json`));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('s3cret');
    expect(refused).toEqual([{ path: '/..%2fsecrets.json', status: 403, reason: 'path segment' }]);
  });

  it('answers 404 for missing files and folders, 405 for writes', async () => {
    expect((await handler()(new Request(`${APP_ORIGIN}/nope.js`))).status).toBe(404);
    expect((await handler()(new Request(`${APP_ORIGIN}/assets`))).status).toBe(404);
    expect((await handler()(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(405);
    const res = await handler()(new Request(`${APP_ORIGIN}/nope.js`));
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
  });
});
