/** Toasts: short confirmations and errors that leave on their own. */
import { create } from 'zustand';
import { registerStore } from './devtools';

/** One toast. */
export interface Toast {
  readonly id: number;
  readonly kind: 'success' | 'error' | 'info';
  readonly title: string;
  readonly detail?: string;
}

interface ToastState {
  readonly toasts: readonly Toast[];
  push(t: Omit<Toast, 'id'>, ms?: number): void;
  dismiss(id: number): void;
}

let nextId = 1;
const MAX = 4;

/** The toast queue; errors stay twice as long as confirmations. */
export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(t, ms) {
    const id = nextId++;
    set({ toasts: [...get().toasts, { ...t, id }].slice(-MAX) });
    setTimeout(() => get().dismiss(id), ms ?? (t.kind === 'error' ? 8000 : 4000));
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((x) => x.id !== id) });
  },
}));

/** Shorthand for stores and components. */
export const toast = {
  success: (title: string, detail?: string): void => useToasts.getState().push({ kind: 'success', title, detail }),
  error: (title: string, detail?: string): void => useToasts.getState().push({ kind: 'error', title, detail }),
  info: (title: string, detail?: string): void => useToasts.getState().push({ kind: 'info', title, detail }),
};

registerStore('toasts', useToasts);
