import type { SliceCreator } from './types';

export type ToastKind = 'success' | 'info' | 'error';

/** A button on a toast ("Undo"); the toast closes when it is used. */
export interface ToastAction {
  label: string;
  run(): void;
  /** Announced to assistive technology and shown as a hint (e.g. "Control+Z"). */
  keys?: string;
}

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  /** Toasts with the same key replace each other (one "Rejected …" at a time, not a stack of them). */
  key?: string;
  action?: ToastAction;
}

export interface ToastsSlice {
  toasts: Toast[];
  pushToast(text: string, kind?: ToastKind, key?: string, action?: ToastAction): number;
  dismissToast(id: number): void;
}

/** Long enough to read a sentence; errors stay until dismissed. */
const TOAST_MS = 6000;
/** A toast with an action stays a little longer: the reviewer may be reaching for it. */
const ACTION_TOAST_MS = 10_000;
/** Older toasts drop off so a burst of events cannot fill the screen. */
const MAX_TOASTS = 4;

let nextId = 1;

export const createToastsSlice: SliceCreator<ToastsSlice> = (set, get) => ({
  toasts: [],
  pushToast(text, kind = 'info', key, action) {
    const id = nextId++;
    const toast: Toast = { id, kind, text, ...(key ? { key } : {}), ...(action ? { action } : {}) };
    set((s) => ({ toasts: [...s.toasts.filter((t) => !key || t.key !== key), toast].slice(-MAX_TOASTS) }));
    if (kind !== 'error') setTimeout(() => get().dismissToast(id), action ? ACTION_TOAST_MS : TOAST_MS);
    return id;
  },
  dismissToast(id) {
    if (!get().toasts.some((t) => t.id === id)) return;
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
});
