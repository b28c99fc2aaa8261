/**
 * The names of the IPC channels and events, with no dependencies: the
 * sandboxed Electron preload may not require npm packages, so it imports
 * these names rather than the zod-based contract. contract.ts checks at
 * compile time that both lists match it exactly.
 */
export const CHANNEL_NAMES = [
  'session:get',
  'session:connect',
  'session:startDemo',
  'session:signOut',
  'session:switch',
  'accounts:list',
  'accounts:remove',
  'queue:list',
  'queue:facets',
  'assignment:get',
  'decision:submit',
  'sync:status',
  'sync:now',
  'stats:get',
  'stats:local',
  'tags:list',
  'tags:set',
  'assignment:release',
  'outbox:list',
  'conflict:resubmit',
  'conflict:discard',
  'decision:resend',
  'connectivity:set',
  'draft:save',
  'draft:discard',
  'file:read',
  'settings:get',
  'settings:set',
  'audit:export',
  'cache:notice',
  'cache:dismissNotice',
  'decision:undo',
  'desktop:tray',
  'desktop:notifications',
  'desktop:seen',
  'desktop:pause',
  'app:openLogsFolder',
] as const;

export const EVENT_NAMES = [
  'sync:status',
  'queue:changed',
  'outbox:refused',
  'desktop:notify',
  'desktop:tray',
  'app:openAssignment',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventNameList = (typeof EVENT_NAMES)[number];
