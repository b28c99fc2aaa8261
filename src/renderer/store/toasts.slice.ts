import type { SliceCreator } from './types';

export type ToastKind = 'success' | 'info' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  /** Toasts with the same key replace each other (one "Rejected …" at a time, not a stack of them). */
  key?: string;
}

export interface ToastsSlice {
  toasts: Toast[];
  pushToast(text: string, kind?: ToastKind, key?: string): number;
  dismissToast(id: number): void;
}

/** Long enough to read a sentence; errors stay until dismissed. */
const TOAST_MS = 6000;
/** Older toasts drop off so a burst of events cannot fill the screen. */
const MAX_TOASTS = 4;

let nextId = 1;

export const createToastsSlice: SliceCreator<ToastsSlice> = (set, get) => ({
  toasts: [],
  pushToast(text, kind = 'info', key) {
    const id = nextId++;
    const toast: Toast = key ? { id, kind, text, key } : { id, kind, text };
    set((s) => ({ toasts: [...s.toasts.filter((t) => !key || t.key !== key), toast].slice(-MAX_TOASTS) }));
    if (kind !== 'error') setTimeout(() => get().dismissToast(id), TOAST_MS);
    return id;
  },
  dismissToast(id) {
    if (!get().toasts.some((t) => t.id === id)) return;
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
});
