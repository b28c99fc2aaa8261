import { describe, expect, it } from 'vitest';
import { submitDecision } from '../../src/main/app/decisions.service';
import type { ActiveSession } from '../../src/main/app/session';
import type { BackendAdapter } from '../../src/main/backend/adapter';
import { openDatabase } from '../../src/main/db/connection';
import { silentLogger } from '../../src/main/log';
import { createCache } from '../../src/main/sync/cache';
import { createSyncEngine } from '../../src/main/sync/engine';
import { toAppError } from '../../src/shared/result';
import { makeAssignment } from '../support/assignment-factory';
import { simpleForm } from '../support/fixtures';

describe('a full disk', () => {
  it('fails the one decision cleanly, says so, and leaves nothing half-written', () => {
    const cache = createCache(openDatabase(':memory:'));
    cache.db.transaction(() => {
      for (let i = 0; i < 50; i++) cache.assignments.upsert({ ...makeAssignment(i), form: { id: simpleForm.id, version: 1 } });
      cache.forms.put(simpleForm as never);
    })();
    const engine = createSyncEngine({ cache, backend: {} as BackendAdapter, log: silentLogger });
    const s = { cache, engine } as unknown as ActiveSession;
    // No page may be added from here on: SQLite answers SQLITE_FULL, as on a full disk.
    const pages = cache.db.pragma('page_count', { simple: true }) as number;
    cache.db.pragma(`max_page_count = ${pages}`);
    let thrown: unknown;
    for (let i = 1; i <= 50 && !thrown; i++) {
      try {
        submitDecision(s, { assignmentId: i, outcome: 'reject', values: {}, comment: 'x'.repeat(4000) }, () => new Date());
      } catch (e) {
        thrown = e;
      }
    }
    expect(thrown).toBeDefined();
    const error = toAppError(thrown);
    expect(error.code).toBe('disk_full');
    expect(error.message).toMatch(/disk is full/i);
    // Each decision is all-or-nothing: every outbox row has its decision and vice versa.
    const decisions = cache.db.prepare('SELECT count(*) AS n FROM decisions').get() as { n: number };
    expect(cache.decisions.pendingCount()).toBe(decisions.n);
  });
});
