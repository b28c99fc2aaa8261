import type { SliceCreator } from './types';

export type ToastKind = 'success' | 'info' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

export interface ToastsSlice {
  toasts: Toast[];
  pushToast(text: string, kind?: ToastKind): number;
  dismissToast(id: number): void;
}

/** Long enough to read a sentence; errors stay until dismissed. */
const TOAST_MS = 6000;
/** Older toasts drop off so a burst of events cannot fill the screen. */
const MAX_TOASTS = 4;

let nextId = 1;

export const createToastsSlice: SliceCreator<ToastsSlice> = (set, get) => ({
  toasts: [],
  pushToast(text, kind = 'info') {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { id, kind, text }].slice(-MAX_TOASTS) }));
    if (kind !== 'error') setTimeout(() => get().dismissToast(id), TOAST_MS);
    return id;
  },
  dismissToast(id) {
    if (!get().toasts.some((t) => t.id === id)) return;
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
});
