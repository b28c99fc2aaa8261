/** GET /events/: Server-Sent Events for changes the caller can see, and keepalives. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReviewer, createOne, pullAll, start, type TestServer } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await start({ keepaliveMs: 100 });
});
afterAll(() => t.close());

interface Stream {
  status: number;
  contentType: string | null;
  /** Resolves with everything read so far once `predicate` holds (rejects after `ms`). */
  until(predicate: (text: string) => boolean, ms?: number): Promise<string>;
  text(): string;
  close(): void;
  ended: Promise<void>;
}

async function openStream(token: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${t.server.baseUrl}/events/`, {
    headers: { Authorization: `Token ${token}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  let text = '';
  const waiters: (() => void)[] = [];
  const decoder = new TextDecoder();
  const reader = res.body?.getReader();
  const ended = (async () => {
    if (!reader) return;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        for (const w of waiters.splice(0)) w();
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text: () => text,
    ended,
    close: () => controller.abort(),
    until(predicate, ms = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got: ${JSON.stringify(text)}`)), ms);
        const check = (): void => {
          if (predicate(text)) {
            clearTimeout(timer);
            resolve(text);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

const events = (text: string): { event: string; data: string }[] =>
  text
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
      data: /^data: (.*)$/m.exec(block)?.[1] ?? '',
    }));

describe('events', () => {
  it('is an event stream that sends keepalive comments', async () => {
    const s = await openStream(t.server.token);
    try {
      expect(s.status).toBe(200);
      expect(s.contentType).toMatch(/^text\/event-stream/);
      await s.until((x) => x.includes(': keepalive\n\n'));
    } finally {
      s.close();
    }
  });

  it('sends `changes` with the feed cursor after an admin change, only to the callers who can see it', async () => {
    const olga = await addReviewer(t, 'olga');
    const a = await createOne(t, {});
    const mine = await openStream(t.server.token);
    const theirs = await openStream(olga.token);
    try {
      await mine.until((x) => x.includes(': connected'));
      await theirs.until((x) => x.includes(': connected'));
      await t.admin.patch(`/admin/assignments/${a.id}/`, { title: 'changed under the client' });
      const text = await mine.until((x) => events(x).length > 0);
      const [first] = events(text);
      expect(first?.event).toBe('changes');
      const { cursor } = JSON.parse(first?.data ?? '{}') as { cursor: string };
      expect(typeof cursor).toBe('string');
      // The event's cursor is the head of the feed: pulling from it gives nothing new.
      const after = await t.reviewer.get(`/sync/assignments/?since=${cursor}`);
      expect(after.body.changes).toEqual([]);
      // Olga cannot see the assignment, so she heard nothing.
      await theirs.until((x) => x.includes(': keepalive'));
      expect(events(theirs.text())).toEqual([]);

      // A reassign tells both: Olga gains it, the reviewer loses it.
      const before = events(mine.text()).length;
      await t.admin.post(`/admin/assignments/${a.id}/reassign/`, { assignee: olga.id });
      await theirs.until((x) => events(x).length === 1);
      await mine.until((x) => events(x).length === before + 1);
      const feed = await pullAll(olga.api);
      expect(feed.changes.map((c) => c.assignment.id)).toEqual([a.id]);
    } finally {
      mine.close();
      theirs.close();
    }
  });

  it('a reviewer’s own decision is announced too', async () => {
    const a = await createOne(t, {});
    const s = await openStream(t.server.token);
    try {
      await s.until((x) => x.includes(': connected'));
      await t.reviewer.post(`/assignments/${a.id}/release/`);
      await s.until((x) => events(x).some((e) => e.event === 'changes'));
    } finally {
      s.close();
    }
  });

  it('needs a token', async () => {
    const res = await fetch(`${t.server.baseUrl}/events/`);
    expect(res.status).toBe(401);
  });

  it('close() ends open streams and resolves', async () => {
    const own = await start({ keepaliveMs: 60_000 });
    const controller = new AbortController();
    const res = await fetch(`${own.server.baseUrl}/events/`, {
      headers: { Authorization: `Token ${own.server.token}` },
      signal: controller.signal,
    });
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    await reader.read(); // the ": connected" comment
    await own.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
