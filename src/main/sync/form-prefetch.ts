/**
 * A first sync's forms, fetched while its pages come in rather than one by
 * one after the last (on loopback, a tenth of a second of a 100,000-row
 * sync went there, with the CPU half idle). Each form a page's rows use is
 * asked for once, if the cache lacks it; what arrives goes to the bulk-load
 * writer with its next batch (a write here would wait for the worker's
 * commit, on the main thread).
 *
 * Best effort: a form that fails to come is left to the pull's last step
 * (fetchMissingForms), which asks again and reports.
 */
import type { Form, FormRef } from '../../shared/protocol';
import type { BackendAdapter } from '../backend/adapter';
import type { FormsRepo } from '../db/forms.repo';

export interface FormPrefetch {
  /** Asks for the forms among `refs` not asked for yet and not cached. */
  want(refs: readonly FormRef[]): void;
  /** Resolves when every form asked for has come or failed. */
  settled(): Promise<void>;
  /** Forms that came (and were handed to `put`). */
  readonly fetched: number;
}

export function createFormPrefetch(forms: FormsRepo, backend: BackendAdapter, put: (form: Form) => void): FormPrefetch {
  const asked = new Set<string>();
  const pending: Promise<void>[] = [];
  let fetched = 0;
  return {
    want(refs) {
      for (const ref of refs) {
        const key = `${ref.id}\u0000${ref.version}`;
        if (asked.has(key)) continue;
        asked.add(key);
        if (forms.has(ref)) continue;
        pending.push(
          backend.form(ref).then(
            (form) => {
              // The form asked for, not another the backend answered with: the last step checks the rest.
              if (form.id !== ref.id || form.version !== ref.version) return;
              put(form);
              fetched++;
            },
            () => {},
          ),
        );
      }
    },
    settled: () => Promise.all(pending).then(() => {}),
    get fetched() {
      return fetched;
    },
  };
}
