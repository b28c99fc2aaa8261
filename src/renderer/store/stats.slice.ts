import { call } from '../api';
import type { Statistics } from '../../shared/protocol';
import type { AppError } from '../../shared/result';
import type { LoadStatus, SliceCreator } from './types';

/** The reviewer's statistics, asked of the backend (`stats:get` needs the server: offline is an error state). */
export interface StatsSlice {
  stats: Statistics | null;
  statsStatus: LoadStatus;
  statsError: AppError | null;
  loadStats(): Promise<void>;
}

export function initialStatsState() {
  return { stats: null as Statistics | null, statsStatus: 'idle' as LoadStatus, statsError: null as AppError | null };
}

export const createStatsSlice: SliceCreator<StatsSlice> = (set) => {
  let generation = 0;
  return {
    ...initialStatsState(),
    async loadStats() {
      const mine = ++generation;
      // Figures already on screen stay while newer ones load.
      set({ statsStatus: 'loading', statsError: null });
      const res = await call('stats:get');
      if (mine !== generation) return;
      if (res.ok) set({ stats: res.value, statsStatus: 'ready' });
      else set({ statsStatus: 'error', statsError: res.error });
    },
  };
};
