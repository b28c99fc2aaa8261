import { BACKEND_LABELS } from '../../../shared/backends';
import type { Account } from '../../../shared/contract';

/** "Ana Lopez on review.acme.com (Synapse)": enough to tell two accounts apart. */
export function describeAccount(a: Account): string {
  const kind = a.demo ? 'demo' : BACKEND_LABELS[a.backend];
  return `${a.displayName || a.username} on ${hostOf(a.baseUrl)} (${kind})`;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
