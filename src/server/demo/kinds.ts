/**
 * One builder per kind of work: each returns the kind-specific part of a demo
 * assignment (title, data, form, files, metadata). The generator adds the
 * parts every kind shares (status, priority, dates, tags, history).
 */
import type { FileRef, FormRef } from '../../shared/protocol';
import type { ImageSpec } from '../domain/files';
import * as C from './content';
import type { Rng } from './prng';

export interface KindPart {
  kind: string;
  project: number;
  title: string;
  data: Record<string, unknown>;
  form: FormRef;
  files: Record<string, FileRef>;
  metadata: Record<string, unknown>;
}

export interface KindEnv {
  rng: Rng;
  now: Date;
  /** Signed FileRef for a generated image. */
  image(spec: ImageSpec): FileRef;
}

export const PROJECTS: Record<number, string> = {
  1: 'Payments Ops',
  2: 'Trust & Safety',
  3: 'Data Labeling',
  4: 'Platform Security',
  5: 'Legal',
};

const COLORS = ['f4e3c1', 'dfe9f5', 'e8f5e0', 'f7dede', 'ece4f7', 'f2f2f2'] as const;

function person(rng: Rng): { name: string; email: string } {
  const first = rng.pick(C.FIRST_NAMES);
  const last = rng.pick(C.LAST_NAMES);
  return { name: `${first} ${last}`, email: `${first}.${last}@example.com`.toLowerCase() };
}

const dayCache = new Map<string, string>();

/** The calendar date `days` before `now` (memoized: the same few hundred come up again and again). */
function daysAgo(now: Date, days: number): string {
  const key = `${now.getTime()}/${days}`;
  let day = dayCache.get(key);
  if (day === undefined) {
    day = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
    if (dayCache.size > 10_000) dayCache.clear();
    dayCache.set(key, day);
  }
  return day;
}

function refund(env: KindEnv, n: number): KindPart {
  const { rng } = env;
  const customer = person(rng);
  const items = rng.sample(C.PRODUCTS, rng.int(1, 3)).map((name) => ({
    sku: `SKU-${rng.int(10000, 99999)}`,
    name,
    quantity: rng.int(1, 2),
    unit_price: rng.int(900, 34900) / 100,
  }));
  const amount = Math.round(items.reduce((s, i) => s + i.quantity * i.unit_price, 0) * 100) / 100;
  const order = 5000 + n;
  const files: Record<string, FileRef> = {};
  if (rng.chance(0.35)) {
    files.receipt = env.image({ label: 'receipt', color: rng.pick(COLORS), width: 120, height: 160 });
    if (rng.chance(0.4)) files.photo = env.image({ label: 'damage-photo', color: rng.pick(COLORS), width: 160, height: 120 });
  }
  return {
    kind: 'approval',
    project: 1,
    title: rng.chance(0.5) ? `Approve refund for order ${order}` : `Refund request: ${customer.name} (${amount.toFixed(2)} EUR)`,
    data: {
      order_id: String(order),
      ordered_on: daysAgo(env.now, rng.int(2, 60)),
      customer: { ...customer, tier: rng.pick(['standard', 'plus', 'vip']), customer_since: daysAgo(env.now, rng.int(90, 2500)) },
      amount,
      currency: 'EUR',
      reason_code: rng.pick(C.REFUND_REASONS),
      customer_message: rng.sample(C.CUSTOMER_SENTENCES, rng.int(2, 4)).join(' '),
      items,
      previous_refunds: rng.int(0, 3),
    },
    form: rng.chance(0.9) ? { id: 'refund-review', version: 2 } : { id: 'refund-review', version: 1 },
    files,
    metadata: { source: 'refund-bot', risk_score: Math.round(rng.next() * 100) / 100 },
  };
}

function annotation(env: KindEnv): KindPart {
  const { rng } = env;
  const text = rng.sample(C.SNIPPETS, rng.int(1, 3)).join(' ');
  const source = rng.pick(C.SOURCES);
  return {
    kind: 'annotation',
    project: 3,
    title: `Label ${source.replace('_', ' ')}: “${text.slice(0, 48)}…”`,
    data: {
      text,
      source,
      locale: rng.pick(['en-GB', 'en-US', 'en-IE']),
      received_at: new Date(env.now.getTime() - rng.int(1, 20) * 3_600_000).toISOString(),
      prelabels: {
        sentiment: rng.pick(['positive', 'neutral', 'negative', 'mixed']),
        topics: rng.sample(['billing', 'delivery', 'support', 'account'], 2),
      },
    },
    form: { id: 'text-annotation', version: 1 },
    files: {},
    metadata: { model: rng.pick(C.MODELS), confidence: Math.round((0.4 + rng.next() * 0.59) * 100) / 100 },
  };
}

function apiKey(env: KindEnv): KindPart {
  const { rng } = env;
  const requester = person(rng);
  const team = rng.pick(C.TEAMS);
  const scopes = rng.sample(C.SCOPES, rng.int(1, 3));
  return {
    kind: 'api_key',
    project: 4,
    title: `API key request: ${team} → ${scopes.join(', ')}`,
    data: {
      requester,
      team,
      environment: rng.pick(['sandbox', 'production']),
      scopes_requested: scopes,
      justification: `We need ${scopes.join(' and ')} to ${rng.pick(['sync orders into the warehouse system', 'power the new mobile checkout', 'build the weekly revenue report', 'automate refund approvals under 20 EUR'])}. Traffic is about ${rng.int(1, 40) * 50} requests per minute at peak.`,
      expected_expiry: daysAgo(env.now, -rng.int(30, 365)),
      existing_keys: rng.int(0, 4),
    },
    form: { id: 'api-key-request', version: 1 },
    files: {},
    metadata: { ticket: `SEC-${rng.int(1000, 9999)}` },
  };
}

function legal(env: KindEnv): KindPart {
  const { rng } = env;
  const clauseType = rng.pick(C.CLAUSE_TYPES);
  const docType = rng.pick(C.DOC_TYPES);
  const company = rng.pick(C.COMPANIES);
  const files: Record<string, FileRef> = {};
  if (rng.chance(0.3)) files.scan = env.image({ label: 'contract-page', color: 'f2f2f2', width: 150, height: 200 });
  return {
    kind: 'legal_document',
    project: 5,
    title: `Review ${clauseType} clause: ${docType} with ${company}`,
    data: {
      document: { type: docType, counterparty: company, version: `v${rng.int(1, 6)}.${rng.int(0, 9)}`, pages: rng.int(4, 48) },
      clause: { section: `${rng.int(2, 14)}.${rng.int(1, 9)}`, type: clauseType, text: rng.pick(C.CLAUSES) },
      redline_from_counterparty: rng.chance(0.5) ? rng.pick(C.CLAUSES) : null,
      deal_value_eur: rng.int(5, 900) * 1000,
    },
    form: { id: 'legal-clause-review', version: 1 },
    files,
    metadata: { extracted_by: 'clause-extractor-3', confidence: Math.round((0.6 + rng.next() * 0.39) * 100) / 100 },
  };
}

function moderation(env: KindEnv): KindPart {
  const { rng } = env;
  const handle = `${rng.pick(C.FIRST_NAMES).toLowerCase()}_${rng.int(10, 9999)}`;
  const category = rng.pick(C.MOD_CATEGORIES);
  const contentType = rng.pick(C.CONTENT_TYPES);
  const files: Record<string, FileRef> = {};
  if (rng.chance(0.3)) files.screenshot = env.image({ label: 'screenshot', color: rng.pick(COLORS), width: 200, height: 120 });
  return {
    kind: 'content_moderation',
    project: 2,
    title: `Flagged ${contentType.replace('_', ' ')} by @${handle}: ${category}`,
    data: {
      content_type: contentType,
      author: { handle, account_age_days: rng.int(1, 3000), prior_strikes: rng.int(0, 3) },
      text: rng.pick(C.POSTS),
      reports: rng.int(0, 25),
      model_labels: { [category]: Math.round(rng.next() * 100) / 100, spam: Math.round(rng.next() * 50) / 100 },
    },
    form: { id: 'content-moderation', version: 1 },
    files,
    metadata: { model: rng.pick(C.MODELS), confidence: Math.round((0.3 + rng.next() * 0.69) * 100) / 100, queue: 'appeals' },
  };
}

function evaluation(env: KindEnv): KindPart {
  const { rng } = env;
  const prompt = rng.pick(C.PROMPTS);
  const responses = rng.sample(C.RESPONSES, 3);
  return {
    kind: 'model_evaluation',
    project: 3,
    title: `Compare model responses: “${prompt.slice(0, 50)}”`,
    data: {
      prompt,
      response_a: responses[0] ?? '',
      response_b: responses[1] ?? '',
      response_c: responses[2] ?? '',
      models: rng.sample(C.MODELS, 3),
    },
    form: { id: 'model-evaluation', version: 1 },
    files: {},
    metadata: { experiment: `exp-${rng.int(100, 999)}`, confidence: Math.round(rng.next() * 100) / 100 },
  };
}

/** Builders with their share of the demo. */
export const KIND_BUILDERS: readonly (readonly [(env: KindEnv, n: number) => KindPart, number])[] = [
  [refund, 30],
  [annotation, 20],
  [moderation, 20],
  [apiKey, 10],
  [legal, 10],
  [evaluation, 10],
];
