/**
 * The values each filter group offers, with their labels and counts. Pure:
 * from the filters, main's facets (null until counted: then no counts, and
 * only the groups with fixed values) and the names the renderer knows.
 */
import { DUE_FILTERS, LOCAL_FILTERS, type QueueFacets } from '../../../shared/contract';
import { PRIORITIES, STATUSES, type AssignmentStatus } from '../../../shared/protocol';
import type { FilterGroup, QueueFilters } from '../../store/queue-filters';
import { DUE_LABELS, LOCAL_FILTER_LABELS, PRIORITY_LABELS, STATUS_LABELS, projectLabel, tagLabel } from '../layout/labels';

export interface FilterOption {
  /** As stored in the filters (numbers for projects and tags). */
  value: string | number;
  label: string;
  /** Undefined when main did not count it. */
  count: number | undefined;
}

export interface GroupSpec {
  group: FilterGroup;
  legend: string;
  options: FilterOption[];
}

export interface OptionSources {
  filters: QueueFilters;
  facets: QueueFacets | null;
  countsByStatus: Partial<Record<AssignmentStatus, number>>;
  projectNames: Record<number, string>;
  tagNames: Record<number, { name: string }>;
}

/** Values main counted, plus any selected ones (so they can be unticked), most frequent first. */
function open<V extends string | number>(
  counts: Record<string, number> | undefined,
  selected: V[],
  parse: (k: string) => V,
): V[] {
  const keys = new Map<string, V>();
  for (const k of Object.keys(counts ?? {})) keys.set(k, parse(k));
  for (const v of selected) keys.set(String(v), v);
  return [...keys.entries()]
    .sort(([a], [b]) => (counts?.[b] ?? 0) - (counts?.[a] ?? 0) || a.localeCompare(b, undefined, { numeric: true }))
    .map(([, v]) => v);
}

export function filterGroups({ filters, facets, countsByStatus, projectNames, tagNames }: OptionSources): GroupSpec[] {
  // Without counts from main (not asked yet, or it could not count), no figure rather than a misleading 0.
  const statusCounts = facets?.status ?? (Object.keys(countsByStatus).length > 0 ? countsByStatus : undefined);
  const groups: GroupSpec[] = [
    {
      group: 'statuses',
      legend: 'Status',
      options: STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s], count: facetCount(statusCounts, s) })),
    },
    {
      group: 'priorities',
      legend: 'Priority',
      options: [...PRIORITIES]
        .reverse()
        .map((p) => ({ value: p, label: PRIORITY_LABELS[p], count: facetCount(facets?.priority, p) })),
    },
    {
      group: 'due',
      legend: 'Due',
      options: DUE_FILTERS.map((d) => ({ value: d, label: DUE_LABELS[d], count: facetCount(facets?.due, d) })),
    },
    {
      group: 'local',
      legend: 'Local work',
      options: LOCAL_FILTERS.map((l) => ({ value: l, label: LOCAL_FILTER_LABELS[l], count: facetCount(facets?.local, l) })),
    },
    {
      group: 'projects',
      legend: 'Project',
      options: open(facets?.project, filters.projects, Number).map((p) => ({
        value: p,
        label: projectLabel(p, projectNames),
        count: facetCount(facets?.project, p),
      })),
    },
    {
      group: 'kinds',
      legend: 'Kind',
      options: open(facets?.kind, filters.kinds, String).map((k) => ({ value: k, label: k, count: facetCount(facets?.kind, k) })),
    },
    {
      group: 'tags',
      legend: 'Tag',
      options: open(facets?.tag, filters.tags, Number).map((t) => ({
        value: t,
        label: tagLabel(t, tagNames),
        count: facetCount(facets?.tag, t),
      })),
    },
  ];
  // Groups main has not counted and nothing selected in have nothing to offer yet.
  return groups.filter((g) => g.options.length > 0);
}

function facetCount(counts: Partial<Record<string, number>> | undefined, key: string | number): number | undefined {
  if (!counts) return undefined;
  return counts[String(key)] ?? 0;
}
