import { call } from '../api';
import type { LocalStats } from '../../shared/contract';
import type { Statistics } from '../../shared/protocol';
import type { AppError } from '../../shared/result';
import type { LoadStatus, SliceCreator } from './types';

/**
 * The reviewer's statistics, asked of the backend (`stats:get` needs the
 * server: offline is an error state), and the figures main counts from the
 * local cache (`stats:local`: done today and this week, offline too).
 */
export interface StatsSlice {
  stats: Statistics | null;
  localStats: LocalStats | null;
  statsStatus: LoadStatus;
  statsError: AppError | null;
  loadStats(): Promise<void>;
}

export function initialStatsState() {
  return {
    stats: null as Statistics | null,
    localStats: null as LocalStats | null,
    statsStatus: 'idle' as LoadStatus,
    statsError: null as AppError | null,
  };
}

export const createStatsSlice: SliceCreator<StatsSlice> = (set) => {
  let generation = 0;
  return {
    ...initialStatsState(),
    async loadStats() {
      const mine = ++generation;
      // Figures already on screen stay while newer ones load.
      set({ statsStatus: 'loading', statsError: null });
      const [res, local] = await Promise.all([call('stats:get'), call('stats:local')]);
      if (mine !== generation) return;
      // The local figures stand on their own: a server out of reach does not hide them.
      if (local.ok) set({ localStats: local.value });
      if (res.ok) set({ stats: res.value, statsStatus: 'ready' });
      else set({ statsStatus: 'error', statsError: res.error });
    },
  };
};
