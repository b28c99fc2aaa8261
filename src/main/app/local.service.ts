/**
 * The reviewer's local things that never need the network: drafts, cached
 * files for previews, settings with their figures, the audit export, and the
 * notice about a cache that had to be rebuilt.
 */
import type { AppSettings, AuditExport, CacheNotice, Draft, FileContent, SettingsPatch } from '../../shared/contract';
import { withoutSecrets } from '../../shared/forms';
import { AppFailure } from '../../shared/result';
import { auditToCsv, auditToJson } from '../db/audit.repo';
import type { SecretStore } from '../desktop/secret-store';
import type { ActiveSession } from './session';
import type { SettingsStore } from './settings';

/** Previews are for looking at, not archiving: larger files are opened elsewhere. */
const MAX_PREVIEW_BYTES = 25 * 1024 * 1024;

export function saveDraft(
  s: ActiveSession,
  input: { assignmentId: number; values: Record<string, unknown>; comment?: string | null },
  now: () => Date,
): Draft {
  const cached = s.cache.assignments.get(input.assignmentId);
  if (!cached) {
    throw new AppFailure('not_found', 'This assignment is no longer in your queue; the draft was not kept.');
  }
  const draft: Draft = {
    assignmentId: input.assignmentId,
    // Secret fields (writeOnly) are never written to disk as a draft.
    values: withoutSecrets(input.values, s.cache.forms.get(cached.assignment.form)?.schema),
    comment: input.comment ?? null,
    updatedAt: now().toISOString(),
  };
  s.cache.drafts.put(draft);
  return draft;
}

export function discardDraft(s: ActiveSession, assignmentId: number): { discarded: boolean } {
  const had = s.cache.drafts.get(assignmentId) !== null;
  s.cache.drafts.delete(assignmentId);
  return { discarded: had };
}

export function readFile(s: ActiveSession, url: string): FileContent | null {
  const f = s.files?.read(url);
  if (!f) return null;
  if (f.bytes.length > MAX_PREVIEW_BYTES) {
    throw new AppFailure('validation', `This file is too large to preview (${Math.round(f.bytes.length / 2 ** 20)} MB).`);
  }
  return { mime: f.mime, size: f.bytes.length, base64: f.bytes.toString('base64') };
}

export function currentSettings(settings: SettingsStore, s: ActiveSession | null, secrets: SecretStore): AppSettings {
  const v = settings.get();
  return {
    syncIntervalMs: v.syncIntervalMs,
    fileBudgetBytes: v.fileBudgetBytes,
    fileCacheUsedBytes: s?.files?.usedBytes() ?? 0,
    secretStorage: secrets.kind,
    notifications: v.notifications,
  };
}

export function changeSettings(settings: SettingsStore, s: ActiveSession | null, patch: SettingsPatch): void {
  const { notifications, ...rest } = patch;
  settings.update({
    ...rest,
    ...(notifications ? { notifications: { ...settings.get().notifications, ...notifications } } : {}),
  });
  if (patch.fileBudgetBytes !== undefined) s?.files?.setBudget(patch.fileBudgetBytes);
  if (patch.syncIntervalMs !== undefined) s?.engine.setIntervalMs(patch.syncIntervalMs);
}

export function exportAudit(s: ActiveSession, format: 'json' | 'csv', now: () => Date): AuditExport {
  const entries = s.cache.audit.all();
  const stamp = now().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return format === 'csv'
    ? { filename: `reviewdesk-audit-${stamp}.csv`, mime: 'text/csv', content: auditToCsv(entries) }
    : { filename: `reviewdesk-audit-${stamp}.json`, mime: 'application/json', content: auditToJson(entries) };
}

export function cacheNotice(s: ActiveSession | null): CacheNotice | null {
  return s?.recovery ?? null;
}
