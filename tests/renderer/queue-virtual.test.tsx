/**
 * The windowed queue over 100,000 cached assignments: only a window of rows
 * is in the DOM, pages are fetched by offset as the reviewer scrolls or moves
 * the selection, and keyboard selection crosses page boundaries.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { QueueItem, QueuePage, QueueQuery } from '../../src/shared/contract';
import { ok } from '../../src/shared/result';
import { ROW_HEIGHT } from '../../src/renderer/features/queue/QueueWindow';
import { FakeApi, NOW, deferred, makeAssignment } from './fake-api';
import { renderApp } from './render-app';

const TOTAL = 100_000;

function row(i: number): QueueItem {
  return {
    id: i + 1,
    title: `Generated ${i + 1}`,
    kind: 'approval',
    project: 1,
    priority: 'medium',
    status: 'pending',
    dueAt: new Date(NOW + 3_600_000).toISOString(),
    updatedAt: new Date(NOW).toISOString(),
    tags: [],
    localState: 'none',
  };
}

/** A page of a generated list of TOTAL rows, without building them all. */
function answer(q: QueueQuery | undefined) {
  const { offset = 0, limit = 200 } = q ?? {};
  const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, k) => row(offset + k));
  return ok<QueuePage>({ items, total: TOTAL, countsByStatus: { pending: TOTAL } });
}

function hugeApi() {
  const api = new FakeApi({ signedIn: true });
  api.override('queue:list', answer);
  // Opening a generated row works too.
  api.override('assignment:get', (input) =>
    ok({
      assignment: makeAssignment({ id: input!.id, title: `Generated ${input!.id}` }),
      form: null,
      decision: null,
      draft: null,
    }),
  );
  return api;
}

const list = () => screen.getByRole('list', { name: 'Assignments' });
const scroller = () => list().closest('.queue-window') as HTMLElement;
const items = () => list().querySelectorAll('li');
const selectedTitle = () => list().querySelector('[aria-current="true"] .queue-row__title')?.textContent ?? '';

describe('windowed queue', () => {
  it('renders only a window of rows for 100,000 assignments, each knowing its place', async () => {
    renderApp(hugeApi());
    await screen.findByRole('button', { name: /^Generated 1\b/ });
    // jsdom has no layout: the window is 720px (12 rows) plus overscan.
    expect(items().length).toBeLessThan(30);
    expect(items().length).toBeGreaterThan(10);
    const first = items()[0]!;
    expect(first.getAttribute('aria-posinset')).toBe('1');
    expect(first.getAttribute('aria-setsize')).toBe(String(TOTAL));
    expect(screen.getByText('100,000 assignments')).toBeTruthy();
    // The spacer stands for every row, so the scrollbar is honest.
    expect((scroller().firstElementChild as HTMLElement).style.height).toBe(`${TOTAL * ROW_HEIGHT}px`);
  });

  it('loads the page under the viewport when scrolled, by offset', async () => {
    const api = hugeApi();
    renderApp(api);
    await screen.findByRole('button', { name: /^Generated 1\b/ });
    expect(api.inputs('queue:list').map((q) => q?.offset)).toEqual([0]);

    // Scroll to row 50,000: its page (offset 50,000) is fetched and shown.
    await act(async () => {
      scroller().scrollTop = 50_000 * ROW_HEIGHT;
      fireEvent.scroll(scroller());
    });
    expect(await screen.findByRole('button', { name: /^Generated 50001\b/ })).toBeTruthy();
    expect(api.inputs('queue:list').map((q) => q?.offset)).toContain(50_000);
    expect(api.lastInput('queue:list')).toMatchObject({ limit: 200, ordering: 'priority' });
    // Only the first page asked for counts.
    expect(api.lastInput('queue:list')?.facets).toBeUndefined();
    expect(items().length).toBeLessThan(30);
    const firstShown = Number(items()[0]!.getAttribute('aria-posinset'));
    expect(firstShown).toBeGreaterThan(49_980);
    expect(firstShown).toBeLessThanOrEqual(50_001);
  });

  it('refreshes the first page and the pages on screen when main says the queue changed', async () => {
    const api = hugeApi();
    renderApp(api);
    await screen.findByRole('button', { name: /^Generated 1\b/ });
    await act(async () => {
      scroller().scrollTop = 30_000 * ROW_HEIGHT;
      fireEvent.scroll(scroller());
    });
    await screen.findByRole('button', { name: /^Generated 30001\b/ });
    const before = api.inputs('queue:list').length;
    act(() => api.emit('queue:changed', { reason: 'pull' }));
    await waitFor(() => expect(api.inputs('queue:list').length).toBeGreaterThan(before));
    const offsets = api
      .inputs('queue:list')
      .slice(before)
      .map((q) => q?.offset);
    expect(offsets).toContain(0);
    expect(offsets).toContain(29_800);
    expect(offsets).toContain(30_000);
    // The rows on screen stay (no flash of placeholders, no jump).
    expect(screen.getByRole('button', { name: /^Generated 30001\b/ })).toBeTruthy();
  });

  it('coalesces a burst of change events into one more refresh', async () => {
    const api = hugeApi();
    const gate = deferred<void>();
    let hold = false;
    api.override('queue:list', async (q) => {
      if (hold) await gate.promise;
      return answer(q);
    });
    renderApp(api);
    await screen.findByRole('button', { name: /^Generated 1\b/ });
    const before = api.inputs('queue:list').length;
    hold = true;
    act(() => {
      for (let i = 0; i < 25; i++) api.emit('queue:changed', { reason: 'pull' });
    });
    // One refresh in flight (its first page), the other 24 events folded into one more.
    expect(api.inputs('queue:list').length - before).toBe(1);
    hold = false;
    await act(async () => gate.resolve());
    await waitFor(() => expect(api.inputs('queue:list').length - before).toBe(2));
  });

  it('shows placeholders while a page loads, then the rows', async () => {
    const api = hugeApi();
    const gate = deferred<void>();
    api.override('queue:list', async (q) => {
      if (q?.offset) await gate.promise;
      return answer(q);
    });
    renderApp(api);
    await screen.findByRole('button', { name: /^Generated 1\b/ });
    await act(async () => {
      scroller().scrollTop = 1000 * ROW_HEIGHT;
      fireEvent.scroll(scroller());
    });
    expect(within(list()).getAllByText('Loading…').length).toBeGreaterThan(5);
    await act(async () => gate.resolve());
    expect(await screen.findByRole('button', { name: /^Generated 1001\b/ })).toBeTruthy();
    expect(within(list()).queryAllByText('Loading…')).toHaveLength(0);
  });

  it('keeps keyboard selection working across pages', async () => {
    const api = hugeApi();
    const { user } = renderApp(api);
    await screen.findByRole('button', { name: /^Generated 1\b/ });
    // Tab into the list: the selected row is the one tabbable row.
    const firstRow = screen.getByRole('button', { name: /^Generated 1\b/ });
    expect(firstRow.tabIndex).toBe(0);
    firstRow.focus();

    // End jumps to the last row: its page is fetched, selected and focused.
    await user.keyboard('{End}');
    await waitFor(() => expect(selectedTitle()).toBe('Generated 100000'));
    expect(api.inputs('queue:list').map((q) => q?.offset)).toContain(99_800);
    await waitFor(() => expect(document.activeElement?.querySelector('.queue-row__title')?.textContent).toBe('Generated 100000'));
    await user.keyboard('k');
    expect(selectedTitle()).toBe('Generated 99999');

    // Back to the top, then across the first page boundary with j.
    await user.keyboard('{Home}');
    await waitFor(() => expect(selectedTitle()).toBe('Generated 1'));
    for (let i = 0; i < 20; i++) await user.keyboard('{PageDown}');
    await waitFor(() => expect(selectedTitle()).toBe('Generated 201'));
    expect(api.inputs('queue:list').map((q) => q?.offset)).toContain(200);
    expect(document.activeElement?.querySelector('.queue-row__title')?.textContent).toBe('Generated 201');
    await user.keyboard('k');
    expect(selectedTitle()).toBe('Generated 200');
    // Enter opens what is selected, even far down the list.
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 2, name: 'Generated 200' })).toBeTruthy();
  });
});
