/** All repositories over one connection, built once per server. */
import type Database from 'better-sqlite3';
import { createAssignmentsRepo, type AssignmentsRepo } from './assignments.repo';
import { createChangesStore, type ChangesStore } from './changes.store';
import { createDecisionsRepo, type DecisionsRepo } from './decisions.repo';
import { createFormsRepo, type FormsRepo } from './forms.repo';
import { createIdempotencyRepo, type IdempotencyRepo } from './idempotency.repo';
import { createMetaRepo, type MetaRepo } from './meta.repo';
import { createTagsRepo, type TagsRepo } from './tags.repo';
import { createUsersRepo, type UsersRepo } from './users.repo';

export interface Store {
  db: Database.Database;
  meta: MetaRepo;
  users: UsersRepo;
  forms: FormsRepo;
  tags: TagsRepo;
  assignments: AssignmentsRepo;
  changes: ChangesStore;
  decisions: DecisionsRepo;
  idempotency: IdempotencyRepo;
}

export function createStore(db: Database.Database): Store {
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
