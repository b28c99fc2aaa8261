/**
 * The protocol's enumerations, without zod: code that must load quickly (the
 * first sync's page worker) checks against these, and protocol.ts builds its
 * schemas from them.
 */
export const STATUSES = ['pending', 'in_progress', 'completed', 'rejected', 'cancelled'] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AssignmentStatus = (typeof STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
