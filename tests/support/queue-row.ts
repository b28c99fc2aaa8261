/** Queues a row's writes, given as the repository builds them, in the flat form the bulk queue takes (page-rows.ts). */
import type { RowWrite } from '../../src/main/db/assignments.repo';
import type { BulkWrites } from '../../src/main/db/bulk-writes';
import { pushWrites } from '../../src/main/sync/page-rows';

/** `bytes`: the buffer every byte parameter is a view of (a page), if any. */
export function queueRow(q: BulkWrites, id: number, writes: RowWrite[], bytes: Uint8Array | null = null): void {
  const flat: unknown[] = [];
  pushWrites(flat, writes, bytes);
  q.rowWrites(id, flat, 0, flat.length, bytes);
}
