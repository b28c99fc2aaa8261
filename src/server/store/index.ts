/** All repositories over one connection, built once per server. */
import type Database from 'better-sqlite3';
import { createAssignmentsRepo } from './assignments.repo';
import { createChangesStore } from './changes.store';
import { createDecisionsRepo } from './decisions.repo';
import { createFormsRepo } from './forms.repo';
import { createIdempotencyRepo } from './idempotency.repo';
import { createMetaRepo } from './meta.repo';
import { createTagsRepo } from './tags.repo';
import { createUsersRepo } from './users.repo';

export function createStore(db: Database.Database) {
  return {
    db,
    meta: createMetaRepo(db),
    users: createUsersRepo(db),
    forms: createFormsRepo(db),
    tags: createTagsRepo(db),
    assignments: createAssignmentsRepo(db),
    changes: createChangesStore(db),
    decisions: createDecisionsRepo(db),
    idempotency: createIdempotencyRepo(db),
  };
}
export type Store = ReturnType<typeof createStore>;
