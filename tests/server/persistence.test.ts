/** A file database: tokens, data and cursors survive a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index';
import { SCHEMA_VERSION, migrate } from '../../src/server/store/schema';
import { api, pullAll } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'reviewdesk-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file database', () => {
  it('keeps tokens, assignments and feed cursors across restarts, and uses WAL', async () => {
    const file = join(dir, 'server.db');
    const first = await startServer({ db: file, seed: 20, quiet: true, token: 'reviewer-token-1' });
    const { cursor, changes } = await pullAll(api(first, first.token));
    const adminToken = first.adminToken;
    await first.close();

    // No tokens given: the stored ones are reused; no second seeding on a non-empty db.
    const second = await startServer({ db: file, seed: 20, quiet: true });
    try {
      expect(second.token).toBe('reviewer-token-1');
      expect(second.adminToken).toBe(adminToken);
      const client = api(second, second.token);
      expect((await client.get('/assignments/')).body.count).toBe(20);
      const inc = await client.get(`/sync/assignments/?since=${cursor}`);
      expect(inc.status).toBe(200);
      expect(inc.body.changes).toEqual([]);
      // File URLs follow the new port.
      const withFile = changes.find((c) => Object.keys(c.assignment.files).length > 0);
      expect(withFile).toBeDefined();
      {
        const again = (await client.get(`/assignments/${withFile?.assignment.id}/`)).body;
        const url = Object.values(again.files as Record<string, { url: string }>)[0]?.url ?? '';
        expect(url.startsWith(second.baseUrl)).toBe(true);
        expect((await fetch(url)).status).toBe(200);
      }
    } finally {
      await second.close();
    }

    // A new token given on the command line replaces the stored one.
    const third = await startServer({ db: file, quiet: true, token: 'reviewer-token-2' });
    try {
      expect(third.token).toBe('reviewer-token-2');
      expect((await api(third, 'reviewer-token-1').get('/me/')).status).toBe(401);
    } finally {
      await third.close();
    }

    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps every decision when they move to a rowid table (migration 2)', async () => {
    const file = join(dir, 'v1.db');
    const v1 = new Database(file);
    migrate(v1, 1);
    const insert = v1.prepare(
      `INSERT INTO decisions (decision_id, user_id, assignment_id, outcome, body_hash, record, response, duration_ms,
                              received_at, assignment_created_at, final) VALUES (?, 1, ?, 'approve', 'h', ?, '{}', NULL, ?, ?, 1)`,
    );
    for (const [key, at] of [
      ['d-2', '2026-01-02T00:00:00.000Z'],
      ['d-1', '2026-01-01T00:00:00.000Z'],
    ] as const) {
      insert.run(key, 7, JSON.stringify({ decision_id: key }), at, at);
    }
    v1.close();
    const server = await startServer({ db: file, quiet: true });
    try {
      const page = (await api(server, server.adminToken).get('/admin/decisions/')).body as { results: { decision_id: string }[] };
      expect(page.results.map((d) => d.decision_id)).toEqual(['d-1', 'd-2']);
    } finally {
      await server.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'decisions'").get() as { sql: string }).sql;
    expect(sql).not.toMatch(/WITHOUT ROWID/);
    db.close();
  });

  it('refuses a database from a newer server', async () => {
    const file = join(dir, 'future.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    await expect(startServer({ db: file, quiet: true })).rejects.toThrow(/newer/);
  });
});
