import type { StateCreator } from 'zustand';
import type { DecisionActionsSlice } from './decision-actions.slice';
import type { DraftSlice } from './draft.slice';
import type { FilesSlice } from './files.slice';
import type { LocalSlice } from './local.slice';
import type { NotificationsSlice } from './notifications.slice';
import type { OutboxSlice } from './outbox.slice';
import type { PrefsSlice } from './prefs.slice';
import type { QueueSlice } from './queue.slice';
import type { ReviewSlice } from './review.slice';
import type { SessionSlice } from './session.slice';
import type { StatsSlice } from './stats.slice';
import type { SyncSlice } from './sync.slice';
import type { TagsSlice } from './tags.slice';
import type { ToastsSlice } from './toasts.slice';
import type { UiSlice } from './ui.slice';

/** The whole renderer state: one store made of slices. */
export type AppState = SessionSlice &
  QueueSlice &
  ReviewSlice &
  SyncSlice &
  ToastsSlice &
  StatsSlice &
  UiSlice &
  PrefsSlice &
  TagsSlice &
  OutboxSlice &
  LocalSlice &
  DraftSlice &
  DecisionActionsSlice &
  FilesSlice &
  NotificationsSlice;

/** A slice sees the whole store (actions of one slice call others), but creates only its part. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;

/** What a request is doing, for loading / error / retry UI. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
