/**
 * Who is listening on `/events/`, and which of them a transaction touched.
 * Writers mark users during a transaction; the hub tells them only after the
 * commit, so a client that reacts at once never reads the feed too early.
 */
import type { ServerResponse } from 'node:http';

export class EventHub {
  private readonly streams = new Map<number, Set<ServerResponse>>();
  private readonly touched = new Set<number>();

  /** Called by writers inside a transaction. */
  touch(userId: number): void {
    this.touched.add(userId);
  }

  /** After a commit: one `changes` event per touched user, carrying the feed's head cursor. */
  flush(cursor: () => string): void {
    if (this.touched.size === 0) return;
    const frame = `event: changes\ndata: ${JSON.stringify({ cursor: cursor() })}\n\n`;
    for (const userId of this.touched) {
      for (const res of this.streams.get(userId) ?? []) res.write(frame);
    }
    this.touched.clear();
  }

  /** After a rollback nothing happened, so nobody is told. */
  discard(): void {
    this.touched.clear();
  }

  add(userId: number, res: ServerResponse): () => void {
    let set = this.streams.get(userId);
    if (!set) {
      set = new Set();
      this.streams.set(userId, set);
    }
    set.add(res);
    return () => {
      const s = this.streams.get(userId);
      s?.delete(res);
      if (s && s.size === 0) this.streams.delete(userId);
    };
  }

  count(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.size;
    return n;
  }

  closeAll(): void {
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
  }
}
