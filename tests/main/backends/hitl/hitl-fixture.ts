/** Shared setup of the HITL adapter tests: the fake service, an adapter on it, a manual clock and a recording log. */
import type { BackendAdapter, PushItem } from '../../../../src/main/backend/adapter';
import { createHitlAdapter } from '../../../../src/main/backend/hitl';
import type { FetchFn } from '../../../../src/main/backend/http-client';
import { recordingLogger } from '../../../../src/main/log';
import type { HitlConfig } from '../../../../src/shared/backends';
import { AssignmentSchema, type Assignment } from '../../../../src/shared/protocol';
import { startFakeHitlServer, type FakeHitlOptions, type FakeHitlServer } from '../../../support/fake-hitl-server';
import { manualClock, type ManualClock } from '../../../support/sync-harness';

export const REVIEWER = 'ada@example.test';

export interface Fixture {
  server: FakeHitlServer;
  adapter: BackendAdapter;
  log: ReturnType<typeof recordingLogger>;
  clock: ManualClock;
  /** What the app's cache would hold: lookup() reads it. */
  cached: Map<number, Assignment>;
  /** Another adapter on the same service (a restarted app), sharing the cache and clock. */
  newAdapter(config?: Partial<HitlConfig>, fetch?: FetchFn, timeoutMs?: number): BackendAdapter;
  /** Every change of a whole pull from `since`, following cursors as the engine does; remembers them in `cached`. */
  pullAll(since?: string | null, limit?: number): Promise<{ assignments: Assignment[]; raw: unknown[]; cursor: string }>;
  close(): Promise<void>;
}

export async function hitlFixture(
  serverOpts: FakeHitlOptions = {},
  config: Partial<HitlConfig> = {},
  fetch?: FetchFn,
): Promise<Fixture> {
  const server = await startFakeHitlServer(serverOpts);
  const log = recordingLogger();
  const clock = manualClock();
  const cached = new Map<number, Assignment>();
  const newAdapter = (c: Partial<HitlConfig> = config, f: FetchFn | undefined = fetch, timeoutMs = 5000) =>
    createHitlAdapter({
      baseUrl: server.baseUrl,
      token: server.token,
      config: { type: 'hitl', reviewerName: REVIEWER, authScheme: 'Bearer', pageSize: 100, reconcileMinutes: 5, ...c },
      fetch: f,
      timeoutMs,
      log,
      now: clock.now,
      lookup: (id) => cached.get(id) ?? null,
    });
  const adapter = newAdapter();
  return {
    server,
    adapter,
    log,
    clock,
    cached,
    newAdapter,
    async pullAll(since = null, limit = 1000) {
      const raw: unknown[] = [];
      let cursor = since;
      for (let i = 0; i < 1000; i++) {
        const page = await adapter.changes(cursor, limit);
        raw.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const assignments: Assignment[] = [];
      for (const c of raw) {
        const parsed = AssignmentSchema.safeParse((c as { assignment?: unknown }).assignment);
        if (parsed.success) {
          assignments.push(parsed.data);
          cached.set(parsed.data.id, parsed.data);
        }
      }
      return { assignments, raw, cursor: cursor! };
    },
    close: () => server.close(),
  };
}

let n = 0;
/** A decision as the outbox would hand it over. */
export function item(a: Assignment, outcome: string, values: Record<string, unknown>, comment?: string, attempts = 0): PushItem {
  n++;
  return {
    assignmentId: a.id,
    attempts,
    body: {
      decision_id: `d-${n}`,
      outcome,
      values,
      ...(comment !== undefined ? { comment } : {}),
      form: a.form,
      base_version: a.version,
      client_submitted_at: '2026-11-21T10:00:00.000Z',
    },
  };
}

/** Unique pieces of a whole log, to search for secrets in. */
export function logText(log: ReturnType<typeof recordingLogger>): string {
  return JSON.stringify(log.entries);
}
