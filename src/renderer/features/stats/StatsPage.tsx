import { useEffect, useRef } from 'react';
import type { LocalStats } from '../../../shared/contract';
import { PRIORITIES, STATUSES, type Statistics } from '../../../shared/protocol';
import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';
import { PRIORITY_LABELS, STATUS_LABELS } from '../layout/labels';
import { BarChart, type Bar } from './BarChart';
import { formatDuration, formatHours } from './stats-format';

function statusBars(s: Statistics): Bar[] {
  return STATUSES.map((k) => ({ key: k, label: STATUS_LABELS[k], value: s.by_status[k] ?? 0 }));
}

function priorityBars(s: Statistics): Bar[] {
  return [...PRIORITIES].reverse().map((k) => ({ key: k, label: PRIORITY_LABELS[k], value: s.by_priority[k] ?? 0 }));
}

/** Kinds are the backend's own words; the busiest first. */
function kindBars(s: Statistics): Bar[] {
  return Object.entries(s.by_kind)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([k, v]) => ({ key: k.replace(/[^a-z0-9_-]/gi, '_'), label: k, value: v }));
}

/** The reviewer's own numbers: the backend's statistics, and this week's decisions counted on this computer. */
export function StatsPage() {
  const stats = useAppStore((s) => s.stats);
  const local = useAppStore((s) => s.localStats);
  const status = useAppStore((s) => s.statsStatus);
  const error = useAppStore((s) => s.statsError);
  const loadStats = useAppStore((s) => s.loadStats);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    void loadStats();
  }, [loadStats]);

  return (
    <div className="page">
      <div className="page__head">
        <h1 ref={headingRef} tabIndex={-1} className="page__title">
          Statistics
        </h1>
        <button type="button" className="button button--small" onClick={() => void loadStats()} disabled={status === 'loading'}>
          {status === 'loading' && stats ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {status === 'error' && error && (
        <div className="notice notice--danger" role="alert">
          <p>
            Couldn&rsquo;t load your statistics. {describeError(error)}
            {error.code === 'offline' ? ' Statistics come from the server, so they need a connection.' : ''}
          </p>
          <button type="button" className="button button--small" onClick={() => void loadStats()}>
            Retry
          </button>
        </div>
      )}
      {!stats && local && status === 'error' && <LocalCards local={local} />}
      {!stats && status !== 'error' && (
        <p className="muted" role="status">
          Loading statistics…
        </p>
      )}
      {stats && <StatsBody stats={stats} local={local} />}
    </div>
  );
}

/** Counted on this computer from the reviewer's own decisions: shown even when the server cannot be reached. */
function LocalCards({ local }: { local: LocalStats }) {
  return (
    <dl className="stat-cards" aria-label="On this computer">
      <StatCard term="Done today" value={local.today.toLocaleString()} note="your decisions on this computer since midnight" />
      <WeekCard local={local} />
    </dl>
  );
}

function WeekCard({ local }: { local: LocalStats }) {
  return (
    <StatCard term="Done this week" value={local.week.toLocaleString()} note="your decisions on this computer since Monday" />
  );
}

function StatsBody({ stats, local }: { stats: Statistics; local: LocalStats | null }) {
  if (stats.total === 0 && stats.completed_today === 0 && !local?.week) {
    return (
      <div className="empty-state">
        <p>No assignments yet, so nothing to count.</p>
        <p className="muted">Figures appear here once you have work in your queue.</p>
      </div>
    );
  }
  return (
    <>
      <dl className="stat-cards">
        <StatCard
          term="Done today"
          value={stats.completed_today.toLocaleString()}
          note="decisions recorded since midnight (UTC)"
        />
        {local && <WeekCard local={local} />}
        <StatCard term="Assignments" value={stats.total.toLocaleString()} note="assigned to you, in every status" />
        <StatCard
          term="Average handle time"
          value={formatDuration(stats.average_handle_seconds)}
          note="from opening to deciding"
        />
        <StatCard
          term="Average response time"
          value={formatHours(stats.average_response_hours)}
          note="from assignment to decision"
        />
      </dl>
      <div className="charts">
        <BarChart title="By status" bars={statusBars(stats)} tone="status" />
        <BarChart title="By priority" bars={priorityBars(stats)} tone="priority" />
        <BarChart title="By kind" bars={kindBars(stats)} />
      </div>
    </>
  );
}

function StatCard({ term, value, note }: { term: string; value: string; note: string }) {
  return (
    <div className="stat-card">
      <dt className="stat-card__term">{term}</dt>
      <dd className="stat-card__value">{value}</dd>
      <dd className="stat-card__note">{note}</dd>
    </div>
  );
}
