/** Synthetic assignments for cache tests: deterministic, varied across every column the queue filters on. */
import type { Assignment } from '../../src/shared/protocol';

const PRI = ['low', 'medium', 'high', 'critical'] as const;
const STATUS = ['pending', 'in_progress', 'completed', 'rejected'] as const;
const KINDS = ['approval', 'annotation', 'api_key', 'legal_document'];

export function makeAssignment(i: number, base = Date.UTC(2026, 10, 21, 12), extra: Partial<Assignment> = {}): Assignment {
  return {
    id: i + 1,
    project: (i % 3) + 1,
    status: STATUS[i % STATUS.length]!,
    assignee: 1,
    // Independent of status (i % 4) so that combined filters and facets are meaningful.
    priority: PRI[Math.floor(i / 4) % PRI.length]!,
    kind: KINDS[i % KINDS.length]!,
    title: `Assignment ${i}: ${i % 2 ? 'refund request' : 'label check'}`,
    data: { text: `customer ${i} wrote about invoice ${1000 + i}`, amount: i },
    files: {},
    form: { id: 'f', version: 1 },
    tags: i % 5 === 0 ? [1, 2] : i % 5 === 1 ? [2] : [],
    metadata: {},
    due_at: i % 4 === 0 ? null : new Date(base + ((i % 7) - 3) * 3_600_000 * 5).toISOString(),
    created_at: new Date(base - i * 60_000).toISOString(),
    updated_at: new Date(base - i * 30_000).toISOString(),
    version: 1,
    ...extra,
  };
}
