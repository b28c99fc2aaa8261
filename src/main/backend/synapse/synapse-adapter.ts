/**
 * The Synapse backend (Synapse SDK's HITL client, a DRF server) behind the
 * app's BackendAdapter. Routes, relative to the account's base URL:
 *
 * | operation    | Synapse                                                        |
 * |--------------|----------------------------------------------------------------|
 * | me           | `GET users/me/` (the SDK's own token check)                    |
 * | health       | `GET users/me/`: any answer but a 5xx means the server is up   |
 * | changes      | `GET sdk/assignments/` (cursor.ts), following `next`           |
 * | assignment   | `GET assignments/{id}/`                                        |
 * | set tags     | `POST assignments/set_tags/` `{ids, tags, action}`             |
 * | decisions    | push.ts                                                        |
 * | form         | forms.ts (none on the server)                                  |
 * | tags         | none in the SDK for assignments: `[]`                          |
 * | release      | none in the SDK: refused with a clear message                  |
 * | statistics   | none in the SDK: counted from one listing of the reviewer's work |
 * | events       | none                                                           |
 */
import { z } from 'zod';
import type { SynapseConfig } from '../../../shared/backends';
import { MeSchema, type Assignment, type Me, type Statistics } from '../../../shared/protocol';
import type { AdapterOptions, BackendAdapter, ChangesPage } from '../adapter';
import { credentialHeaders } from '../credentials';
import { BackendError, createHttpClient } from '../http-client';
import { decodeCursor, encodeCursor, fromScratch, nextListing, type Cursor } from './cursor';
import { drfFetch } from './drf-fetch';
import { createFormCatalog, isDerivedForm } from './forms';
import { pushDecisions } from './push';
import { mapRecord, OPEN_STATUSES } from './records';

const LIST_PATH = '/sdk/assignments/';
const LIST_TIMEOUT_MS = 60_000;
/** Pages read to find a derived form after a restart, and to count statistics: a bound, not a target. */
const SCAN_PAGES = 20;

const DrfPage = z.union([
  z.object({
    count: z.number().int().nullish(),
    next: z.string().nullish(),
    results: z.array(z.unknown()),
  }),
  // A deployment with pagination switched off answers a bare list.
  z.array(z.unknown()).transform((results) => ({ count: results.length, next: null, results })),
]);

const SynapseUser = z.object({
  id: z.number().int(),
  username: z.string().nullish(),
  email: z.string().nullish(),
  name: z.string().nullish(),
  display_name: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
});

export function createSynapseAdapter(opts: AdapterOptions<SynapseConfig>): BackendAdapter {
  const { config, log } = opts;
  const now = opts.now ?? (() => new Date());
  const inner = opts.fetch ?? ((input, init) => fetch(input, init));
  /** The server's clock per URL, read by changes() right after its request. */
  const dates = new Map<string, number>();
  const http = createHttpClient({
    baseUrl: opts.baseUrl,
    token: opts.token,
    timeoutMs: opts.timeoutMs,
    authHeaders: credentialHeaders(config, opts.token),
    resendStaleWrites: false,
    fetch: drfFetch(inner, (url, ms) => {
      if (!url.includes(LIST_PATH)) return;
      if (dates.size >= 64) dates.delete(dates.keys().next().value!); // listings changes() did not read (scans)
      dates.set(url, ms);
    }),
  });
  const forms = createFormCatalog(config);
  const map = (raw: unknown) => mapRecord(raw, { baseUrl: http.baseUrl, forms });

  async function readMe(): Promise<{ me: Me; known: boolean }> {
    try {
      const u = await http.request('GET', '/users/me/', { schema: SynapseUser });
      const full = [u.first_name, u.last_name].filter(Boolean).join(' ');
      const me = MeSchema.parse({
        id: u.id,
        username: u.username ?? u.email ?? `user-${u.id}`,
        display_name: u.display_name ?? u.name ?? (full || null),
      });
      return { me, known: true };
    } catch (e) {
      if (!(e instanceof BackendError) || e.status !== 404) throw e;
      // A deployment without users/me/: fine if it is Synapse at all (its listing answers), else the URL is wrong.
      await http.request('GET', `${LIST_PATH}?page_size=1`, { schema: DrfPage });
      const id = config.assignee ?? 0;
      return { me: { id, username: config.assignee ? `user-${id}` : 'Synapse user', display_name: null }, known: false };
    }
  }

  let ownerPromise: Promise<number | null> | null = null;
  /** Whose queue is listed and checked: the configured assignee, else the signed-in user (null: unknown). */
  function owner(): Promise<number | null> {
    if (config.assignee !== undefined) return Promise.resolve(config.assignee);
    ownerPromise ??= readMe().then(
      (r) => (r.known ? r.me.id : null),
      (e: unknown) => {
        ownerPromise = null;
        throw e;
      },
    );
    return ownerPromise;
  }

  /** A path or URL as the HTTP client will request it (it prefixes paths with the base URL as they are). */
  const absoluteOf = (pathOrUrl: string): string => (/^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${http.baseUrl}${pathOrUrl}`);

  function listUrl(params: Record<string, string | number | null | undefined>): string {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) qs.set(k, String(v));
    return `${LIST_PATH}?${qs}`;
  }

  async function firstUrl(c: Cursor, pageSize: number): Promise<string> {
    const who = await owner();
    const common = { project: config.project, assignee: who, page_size: pageSize };
    return c.m === 'open' ? listUrl({ ...common, status: OPEN_STATUSES[c.p] }) : listUrl({ ...common, updated_after: c.u });
  }

  /**
   * `next` as given, except on another origin than the account's: DRF behind a
   * proxy often names its internal host or `http:`; the token goes nowhere else.
   */
  function follow(next: string | null | undefined, current: string): string | null {
    if (!next) return null;
    const here = absoluteOf(current);
    let url: URL;
    try {
      url = new URL(next, here);
    } catch {
      log?.warn('Synapse gave a next page link that is not a URL; the listing stops there', {});
      return null;
    }
    const base = new URL(http.baseUrl);
    if (url.origin !== base.origin) {
      log?.warn('Synapse gave a next page link on another origin; following it on the account’s', { origin: url.origin });
      url = new URL(url.pathname + url.search, base.origin);
    }
    const s = url.toString();
    if (s === new URL(here).toString()) {
      log?.warn('Synapse gave the same page as the next one; the listing stops there', {});
      return null;
    }
    return s;
  }

  async function changes(since: string | null, limit: number): Promise<ChangesPage> {
    const nowMs = now().getTime();
    let c: Cursor;
    if (since === null) {
      c = fromScratch(nowMs);
    } else {
      const decoded = decodeCursor(since);
      if (!decoded) throw new BackendError('not_found', 'The sync cursor is not one this version wrote', 410, null);
      c = decoded;
      if (c.m === 'idle') {
        if (nowMs - c.f >= config.reconcileMinutes * 60_000 || nowMs < c.f) {
          throw new BackendError('not_found', 'Time to list everything again (reconciliation)', 410, { code: 'cursor_expired' });
        }
        c = nextListing(c, config.overlapSeconds);
      }
    }
    const pageSize = Math.max(1, Math.min(limit, config.pageSize));
    const url = c.n ?? (await firstUrl(c, pageSize));
    const page = await http.request('GET', url, { schema: DrfPage, timeoutMs: LIST_TIMEOUT_MS });
    const absolute = absoluteOf(url);
    const serverAt = dates.get(absolute) ?? null;
    dates.delete(absolute);
    const who = await owner();

    const out: unknown[] = [];
    let w = c.w;
    for (const raw of page.results) {
      const m = map(raw);
      if (!m.ok) {
        log?.warn('skipped a Synapse assignment that cannot be read', { id: m.id, problem: m.problem });
        out.push({ op: 'skip', id: m.id, problem: m.problem }); // the engine counts it as skipped
        continue;
      }
      w = w === null ? m.updatedMs : Math.max(w, m.updatedMs);
      const a = m.assignment;
      if (a.status === 'cancelled') out.push({ op: 'remove', id: a.id, reason: 'cancelled' });
      else if (who !== null && a.assignee !== who) out.push({ op: 'remove', id: a.id, reason: 'reassigned' });
      else out.push({ op: 'upsert', assignment: a });
    }

    const s = c.n === null && serverAt !== null ? serverAt : c.s; // the listing's first page sets its start
    const next = follow(page.next, url);
    let after: Cursor;
    let hasMore = true;
    if (next !== null) after = { ...c, n: next, s, w };
    else if (c.m === 'open' && c.p + 1 < OPEN_STATUSES.length) after = { ...c, n: null, p: c.p + 1, s, w };
    else {
      after = { m: 'idle', n: null, p: 0, u: null, s, w, f: c.f };
      hasMore = false;
    }
    return { changes: out, cursor: encodeCursor(after), hasMore };
  }

  async function assignment(id: number): Promise<Assignment> {
    const raw = await http.request('GET', `/assignments/${id}/`);
    const m = map(raw);
    if (!m.ok) throw new BackendError('bad_response', `Synapse's assignment ${id} cannot be read (${m.problem})`, 200, null);
    return m.assignment;
  }

  /** Pages of the reviewer's assignments (all statuses), mapped; stops early when `enough` says so. */
  async function scan(
    params: Record<string, string | number | null | undefined>,
    enough: () => boolean,
  ): Promise<{ seen: Assignment[]; count: number | null }> {
    const seen: Assignment[] = [];
    let count: number | null = null;
    let url: string | null = listUrl({ project: config.project, assignee: await owner(), page_size: config.pageSize, ...params });
    for (let i = 0; url !== null && i < SCAN_PAGES; i++) {
      const page: z.infer<typeof DrfPage> = await http.request('GET', url, { schema: DrfPage, timeoutMs: LIST_TIMEOUT_MS });
      count ??= page.count ?? null;
      for (const raw of page.results) {
        const m = map(raw);
        if (m.ok) seen.push(m.assignment);
      }
      if (enough()) break;
      url = follow(page.next, url);
    }
    return { seen, count };
  }

  return {
    baseUrl: http.baseUrl,
    me: async () => (await readMe()).me,

    async health() {
      try {
        await http.request('GET', '/users/me/', { timeoutMs: 5000 });
        return true;
      } catch (e) {
        // An answer from Synapse, even a refusal, says it is up; a captive portal's page does not.
        return e instanceof BackendError && e.status !== null && e.status < 500 && e.code !== 'bad_response';
      }
    },

    changes,
    assignment,

    async form(ref) {
      const known = forms.get(ref);
      if (known) return known;
      if (isDerivedForm(ref)) {
        // Derived forms live in memory: after a restart, one is found again by listing the project's assignments.
        const project = Number(ref.id.slice(ref.id.lastIndexOf('-') + 1));
        if (Number.isInteger(project)) await scan({ project }, () => forms.get(ref) !== null);
        const found = forms.get(ref);
        if (found) return found;
      }
      throw new BackendError(
        'not_found',
        `The form ${ref.id} (version ${ref.version}) is not configured for this Synapse account`,
        404,
        null,
      );
    },

    pushDecisions: (items) => pushDecisions({ http, config, log, lookup: opts.lookup, owner, map }, items),

    tags: async () => [],

    async setTags(change) {
      const answer = await http.request<unknown>('POST', '/assignments/set_tags/', { body: change });
      const updated = (answer as { updated?: unknown } | null)?.updated;
      return { updated: typeof updated === 'number' ? updated : change.ids.length };
    },

    async release() {
      throw new BackendError('validation', 'This backend cannot hand assignments back', 400, {
        code: 'unsupported',
        detail: 'This backend cannot hand assignments back',
      });
    },

    async statistics(): Promise<Statistics> {
      const { seen, count } = await scan({}, () => false);
      return statisticsOf(seen, count, now());
    },
  };
}

/** The native Statistics shape from one listing of the reviewer's assignments. */
export function statisticsOf(list: Assignment[], count: number | null, at: Date): Statistics {
  const tally = (key: (a: Assignment) => string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const a of list) out[key(a)] = (out[key(a)] ?? 0) + 1;
    return out;
  };
  const today = at.toISOString().slice(0, 10);
  const closed = list.filter((a) => a.status === 'completed' || a.status === 'rejected');
  const hours = closed.map((a) => (Date.parse(a.updated_at) - Date.parse(a.created_at)) / 3_600_000).filter((h) => h >= 0);
  return {
    total: Math.max(count ?? 0, list.length),
    by_status: tally((a) => a.status),
    by_priority: tally((a) => a.priority),
    by_kind: tally((a) => a.kind),
    completed_today: list.filter((a) => a.status === 'completed' && a.updated_at.slice(0, 10) === today).length,
    // Synapse does not say how long a reviewer worked on an assignment.
    average_handle_seconds: null,
    average_response_hours: hours.length > 0 ? hours.reduce((x, y) => x + y, 0) / hours.length : null,
  };
}
