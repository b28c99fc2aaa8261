/**
 * The adapter for HITL request services (`/hitl/requests`: agents asking
 * humans for API keys, approvals, decisions). See README.md for the mapping.
 */
import { z } from 'zod';
import type { HitlConfig } from '../../../shared/backends';
import { AssignmentSchema, type Assignment, type Form } from '../../../shared/protocol';
import type { AdapterOptions, BackendAdapter } from '../adapter';
import { credentialHeaders } from '../credentials';
import { BackendError, createHttpClient } from '../http-client';
import { hitlFetch } from './errors';
import { buildForm } from './forms';
import { canonicalJson, userIdFor } from './ids';
import { changes, listOpen, type ListingDeps } from './listing';
import { pushDecisions } from './push';
import { mapRequest, type MappedRequest } from './records';
import { mapStatistics } from './statistics';

export { userIdFor } from './ids';

const FORM_CACHE_MAX = 1000;

export function createHitlAdapter(opts: AdapterOptions<HitlConfig>): BackendAdapter {
  const { config } = opts;
  const now = opts.now ?? (() => new Date());
  const http = createHttpClient({
    baseUrl: opts.baseUrl,
    token: opts.token,
    fetch: hitlFetch(opts.fetch ?? fetch),
    timeoutMs: opts.timeoutMs,
    authHeaders: credentialHeaders(config, opts.token),
    resendStaleWrites: false,
  });
  const meId = userIdFor(config.reviewerName);

  /** Forms by id: built from the requests a pull saw, served by form(ref). */
  const forms = new Map<string, Form>();
  /** Form refs by the fields they were built from, so a pull does not rebuild and rehash each one. */
  const refs = new Map<string, { id: string; version: number }>();
  /** The service's ids of the requests seen, for calls about an id the cache cannot look up. */
  const requestIds = new Map<number, string>();

  function formRef(requiredFields: unknown, kind: string): { id: string; version: number } {
    const key = `${kind}\u0000${canonicalJson(requiredFields ?? null)}`;
    let ref = refs.get(key);
    if (!ref) {
      const form = buildForm(requiredFields, kind);
      // A service inventing new fields per request: memory stays bounded (both maps at once, so a ref
      // never outlives its form; a form asked for later is rebuilt from a listing).
      if (refs.size >= FORM_CACHE_MAX) {
        refs.clear();
        forms.clear();
      }
      forms.set(form.id, form);
      ref = { id: form.id, version: form.version };
      refs.set(key, ref);
    }
    return ref;
  }

  function map(raw: unknown): MappedRequest {
    const m = mapRequest(raw, { meId, formRef });
    if (m.appId !== null && m.requestId !== null) requestIds.set(m.appId, m.requestId);
    return m;
  }

  function cached(id: number): Assignment | null {
    return opts.lookup?.(id) ?? null;
  }

  function requestIdOf(id: number): string {
    const fromCache = cached(id)?.metadata.request_id;
    if (typeof fromCache === 'string' && fromCache !== '') return fromCache;
    // Not cached and never listed: a numeric id is the service's own (ids.ts).
    return requestIds.get(id) ?? String(id);
  }

  const listing: ListingDeps = {
    http,
    pageSize: config.pageSize,
    reconcileMs: config.reconcileMinutes * 60_000,
    now,
    map,
  };

  async function readOne(id: number): Promise<Assignment> {
    const raw = await http.request('GET', `/hitl/requests/${encodeURIComponent(requestIdOf(id))}`);
    const parsed = AssignmentSchema.safeParse(map(raw).assignment);
    if (!parsed.success)
      throw new BackendError('bad_response', `The service sent request ${id} in a shape the app cannot read`, 200, null);
    return parsed.data;
  }

  // A status, not null: null reads as "no answer" and would be retried for ever.
  const unsupported = (what: string) => {
    const detail = `A HITL request service does not support ${what}`;
    return new BackendError('validation', detail, 400, { detail, code: 'unsupported' });
  };

  return {
    baseUrl: http.baseUrl,

    // No who-am-I route: one authenticated call proves the token, and the configured name is who we are.
    async me() {
      await http.request('GET', '/hitl/requests?status=pending&limit=1&offset=0', { schema: z.array(z.unknown()) });
      return { id: meId, username: config.reviewerName, display_name: config.reviewerName };
    },

    // The service has no unauthenticated health route: any HTTP answer but a 5xx means it is there
    // (a refused token is then for the sync to report, not a reason to call the service offline).
    async health() {
      try {
        await http.request('GET', '/hitl/requests?status=pending&limit=1&offset=0', {
          schema: z.array(z.unknown()),
          timeoutMs: 5000,
        });
        return true;
      } catch (e) {
        return e instanceof BackendError && e.status !== null && e.status < 500 && e.code !== 'bad_response' && e.status !== 429;
      }
    },

    changes: (since, limit) => changes(listing, since, limit),

    assignment: readOne,

    async form(ref) {
      let form = forms.get(ref.id);
      // Not built in this session (the app restarted since the pull that named it): list what is open.
      if (!form && ref.id.startsWith('hitl-')) {
        await listOpen(listing);
        form = forms.get(ref.id);
      }
      if (!form || form.version !== ref.version)
        throw new BackendError('not_found', `No open request uses form ${ref.id}`, 404, null);
      return form;
    },

    pushDecisions: (items) =>
      pushDecisions({ http, reviewerName: config.reviewerName, meId, log: opts.log, requestIdOf, map, cached }, items),

    tags: async () => [],
    setTags: async () => {
      throw unsupported('tags');
    },
    release: async () => {
      throw unsupported('handing requests back');
    },

    async statistics() {
      let raw: unknown = {};
      try {
        raw = await http.request('GET', '/hitl/statistics');
      } catch (e) {
        // A service without the route: everything is counted from the listing.
        if (!(e instanceof BackendError && (e.status === 404 || e.status === 405))) throw e;
      }
      return mapStatistics(raw, () => listOpen(listing));
    },
  };
}
