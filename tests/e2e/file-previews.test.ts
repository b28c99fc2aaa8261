/**
 * Audio and video previews play under the app's Content-Security-Policy:
 * the files come from the offline cache as bytes, play from object URLs
 * (`media-src 'self' blob:`), and the page reports no CSP violation. The
 * files are served by a loopback server of their own, like presigned URLs
 * of an object store; the video is recorded by Chromium itself (WebM), the
 * audio is a PCM WAV written here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentInput, publishSimpleForm } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/reference-server';
import { tempDir } from '../support/temp-dir';
import { launchApp, openByTitle, poll, signIn, type E2eApp } from '../support/workbench-e2e';

const TITLE = 'Check the recorded call and the clip';
const dataDir = tempDir('reviewdesk-e2e-media-');
let server: TestServer;
let files: Server;
let app: E2eApp;
let page: Page;

/** Half a second of a 440 Hz tone, 8 kHz mono 16-bit PCM. */
function wav(): Buffer {
  const rate = 8000;
  const samples = rate / 2;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/** A short WebM clip recorded from a canvas by Chromium's own MediaRecorder (no codec files needed). */
async function webm(p: Page): Promise<Buffer> {
  const base64 = await p.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d')!;
    const stream = canvas.captureStream(15);
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise((r) => (recorder.onstop = r));
    recorder.start();
    for (let i = 0; i < 12; i++) {
      g.fillStyle = `hsl(${i * 30}, 80%, 50%)`;
      g.fillRect(0, 0, 64, 48);
      await new Promise((r) => setTimeout(r, 40));
    }
    recorder.stop();
    await done;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(base64, 'base64');
}

beforeAll(async () => {
  app = await launchApp(dataDir.path);
  page = app.page;
  // Any CSP refusal in the app's page is recorded from the first script on.
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const bodies: Record<string, { type: string; bytes: Buffer }> = {
    '/call.wav': { type: 'audio/wav', bytes: wav() },
    '/clip.webm': { type: 'video/webm', bytes: await webm(page) },
  };
  files = createServer((req, res) => {
    const f = bodies[new URL(req.url ?? '/', 'http://x').pathname];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': f.type, 'Content-Length': f.bytes.length }).end(f.bytes);
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  server = await startTestServer();
  await publishSimpleForm(server);
  await server.admin('POST', '/admin/assignments/', {
    assignments: [
      assignmentInput(server, 0, {
        title: TITLE,
        priority: 'critical',
        files: {
          call: { url: `${origin}/call.wav?sig=x`, mime: 'audio/wav', size: bodies['/call.wav']!.bytes.length },
          clip: { url: `${origin}/clip.webm?sig=y`, mime: 'video/webm', size: bodies['/clip.webm']!.bytes.length },
        },
      }),
    ],
  });
});

afterAll(async () => {
  await app?.close();
  await server?.close();
  await new Promise((r) => files?.close(r));
  dataDir.remove();
});

/** Loads the element's metadata, plays it muted for a moment, and says how far it got. */
async function playFor(label: string): Promise<{ ready: number; advanced: boolean; error: number | null; tag: string }> {
  return page.getByLabel(label).evaluate(async (el) => {
    const m = el as HTMLMediaElement;
    if (m.readyState < 1 && !m.error) {
      await new Promise((r) => {
        m.addEventListener('loadedmetadata', r, { once: true });
        m.addEventListener('error', r, { once: true });
      });
    }
    let advanced = false;
    if (!m.error) {
      m.muted = true;
      await m.play();
      const start = m.currentTime;
      for (let i = 0; i < 50 && !advanced; i++) {
        await new Promise((r) => setTimeout(r, 20));
        advanced = m.currentTime > start;
      }
      m.pause();
    }
    return { ready: m.readyState, advanced, error: m.error?.code ?? null, tag: m.tagName };
  });
}

describe('audio and video previews', () => {
  it('play from the offline cache under the app’s CSP', async () => {
    await signIn(page, app.host.url, server.baseUrl, server.token);
    await openByTitle(page, TITLE);
    const region = page.getByRole('region', { name: /Files/ });
    // The files download after a sync while the assignment is open; "Check again" shows them.
    await poll(
      async () => {
        const again = region.getByRole('button', { name: 'Check again' });
        if (await again.count()) await again.first().click();
        return page.getByLabel('clip (video file)').count();
      },
      (n) => n > 0,
      60_000,
    );
    await page.getByLabel('call (audio file)').waitFor();

    const audio = await playFor('call (audio file)');
    expect(audio).toMatchObject({ tag: 'AUDIO', error: null, advanced: true });
    const video = await playFor('clip (video file)');
    expect(video).toMatchObject({ tag: 'VIDEO', error: null, advanced: true });
    expect(await page.getByLabel('clip (video file)').evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBe(64);
    expect(await page.getByLabel('call (audio file)').getAttribute('src')).toMatch(/^blob:/);

    expect(await page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
