import type { LocalState } from '../../../shared/contract';
import type { AssignmentStatus, Priority } from '../../../shared/protocol';

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
