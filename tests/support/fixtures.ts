/** Small, explicit fixtures published through the admin routes, so tests do not depend on the demo generator's choices. */
import type { Account } from '../../src/shared/contract';
import type { TestServer } from './reference-server';

export const simpleForm = {
  id: 'simple-approval',
  version: 1,
  title: 'Simple approval',
  instructions: 'Check the amount.',
  schema: {
    type: 'object',
    properties: {
      amount: { type: 'number', title: 'Amount', minimum: 0, maximum: 1000 },
      note: { type: 'string', title: 'Note', maxLength: 200 },
    },
    required: ['amount'],
  },
  ui: {},
  outcomes: [
    { value: 'approve', label: 'Approve' },
    { value: 'reject', label: 'Reject', requires_comment: true, validate: false },
  ],
};

export async function publishSimpleForm(server: TestServer): Promise<void> {
  await server.admin('POST', '/admin/forms/', simpleForm);
}

export function assignmentInput(server: TestServer, i: number, extra: Record<string, unknown> = {}) {
  return {
    project: 1,
    status: 'pending',
    assignee: server.reviewerId,
    priority: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
    kind: 'approval',
    title: `Approve refund for order ${5500 + i}`,
    data: { order: 5500 + i, amount: 10 + i, message: `Customer message number ${i}` },
    files: {},
    form: { id: simpleForm.id, version: simpleForm.version },
    tags: [],
    metadata: { confidence: 0.5 },
    due_at: null,
    ...extra,
  };
}

export async function createAssignments(server: TestServer, n: number, start = 0): Promise<{ id: number; version: number }[]> {
  const items = Array.from({ length: n }, (_, k) => assignmentInput(server, start + k));
  const created = await server.admin<unknown>('POST', '/admin/assignments/', { assignments: items });
  const list = Array.isArray(created)
    ? created
    : ((created as { assignments?: unknown[]; results?: unknown[] }).assignments ??
      (created as { results?: unknown[] }).results ??
      []);
  return list as { id: number; version: number }[];
}

/** The signed-in account of a test session against a native backend at `baseUrl`. */
export function testAccount(baseUrl: string, userId: number, over: Partial<Account> = {}): Account {
  return {
    baseUrl,
    userId,
    username: 'reviewer',
    displayName: 'Reviewer',
    demo: false,
    key: 'test',
    backend: 'native',
    ...over,
  };
}
