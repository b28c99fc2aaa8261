import type { DueFilter, LocalState } from '../../../shared/contract';
import type { AssignmentStatus, Priority } from '../../../shared/protocol';
import type { LocalFilter } from '../../store/queue-filters';

export const STATUS_LABELS: Record<AssignmentStatus, string> = {
  pending: 'Pending',
  in_progress: 'In progress',
  completed: 'Completed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/** Markers for work the server has not settled; 'none' shows nothing. */
export const LOCAL_STATE_LABELS: Record<Exclude<LocalState, 'none'>, string> = {
  unsent: 'Unsent',
  conflict: 'Conflict',
  parked: 'Needs fixing',
};

export const LOCAL_FILTER_LABELS: Record<LocalFilter, string> = {
  unsent: 'Has unsent work',
  conflict: 'Has a conflict',
  parked: 'Refused, needs fixing',
};

export const DUE_LABELS: Record<DueFilter, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  none: 'No due date',
};

/** A project's name when an opened assignment told us (metadata.project_name), else its number. */
export function projectLabel(id: number, names: Record<number, string>): string {
  return names[id] ?? `Project ${id}`;
}

/** A tag's name from `tags:list`; its id only while the list has not arrived (or the tag is unknown to it). */
export function tagLabel(id: number, tags: Record<number, { name: string }>): string {
  return tags[id]?.name ?? `Tag #${id}`;
}
