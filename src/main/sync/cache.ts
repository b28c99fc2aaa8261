/** The local cache as the sync engine and services see it: one database and its repositories. */
import type { Db } from '../db/connection';
import { createAssignmentsRepo } from '../db/assignments.repo';
import { createDecisionsRepo } from '../db/decisions.repo';
import { createFormsRepo } from '../db/forms.repo';
import { createSyncStateRepo } from '../db/sync-state.repo';
import { createDraftsRepo } from '../db/drafts.repo';
import { createAuditRepo } from '../db/audit.repo';
import { createFilesRepo } from '../db/files.repo';

export function createCache(db: Db) {
  return {
    db,
    assignments: createAssignmentsRepo(db),
    forms: createFormsRepo(db),
    decisions: createDecisionsRepo(db),
    syncState: createSyncStateRepo(db),
    drafts: createDraftsRepo(db),
    audit: createAuditRepo(db),
    files: createFilesRepo(db),
    /** Outbox keys whose request is on the wire right now: their outcome is unknown until it answers. */
    inFlight: new Set<string>(),
  };
}
export type Cache = ReturnType<typeof createCache>;
