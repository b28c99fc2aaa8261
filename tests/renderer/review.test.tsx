import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeApi, NOW, REFUND_FORM, makeAssignment } from './fake-api';
import { renderApp } from './render-app';
import type { Form } from '../../src/shared/protocol';

const SCRIPT = '<script>window.__pwned = true</script>';
const IMG = '<img src=x onerror="window.__pwned = true">';

function reviewApi() {
  return new FakeApi({
    signedIn: true,
    assignments: [
      makeAssignment({
        id: 1,
        title: 'Approve refund for order 5521',
        priority: 'critical',
        data: {
          customer: SCRIPT,
          note: IMG,
          order: { id: 5521, lines: [{ sku: 'A-1', qty: 2 }], gift: false, audit: { trail: { log: { step: 'deep-step' } } } },
        },
        metadata: {
          confidence: 0.62,
          model: 'refund-agent-v2',
          project_name: 'Payments Ops',
          previous_decisions: [
            { outcome: 'request_changes', comment: 'Attach the receipt', decided_at: '2026-11-20T10:00:00.000Z' },
          ],
        },
        files: { receipt: { url: 'https://files.test/r.png?sig=1', mime: 'image/png', size: 48213 } },
        tags: [2, 5],
      }),
      makeAssignment({ id: 2, title: 'Second refund', priority: 'high' }),
      makeAssignment({ id: 3, title: 'Third refund', priority: 'low' }),
    ],
  });
}

async function openFirst(api: FakeApi) {
  const utils = renderApp(api, { now: () => clock.now });
  await utils.user.click(await screen.findByRole('button', { name: /^Approve refund for order 5521/ }));
  await screen.findByRole('heading', { level: 2, name: 'Approve refund for order 5521' });
  return utils;
}

const clock = { now: NOW };

describe('review view', () => {
  it('shows untrusted data as inert text', async () => {
    clock.now = NOW;
    (window as unknown as { __pwned?: boolean }).__pwned = false;
    const api = reviewApi();
    const { user } = await openFirst(api);
    const review = screen.getByRole('article');
    expect(within(review).getByText(SCRIPT)).toBeTruthy();
    expect(within(review).getByText(IMG)).toBeTruthy();
    expect(document.querySelector('script')).toBeNull();
    expect(review.querySelector('img')).toBeNull();
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBe(false);
    // Nested objects and lists become a tree of key/value lists.
    expect(within(review).getByText('5521')).toBeTruthy();
    expect(within(review).getByText('A-1')).toBeTruthy();
    expect(within(review).getByText('false')).toBeTruthy();
    // Deeper levels start collapsed and open on demand.
    expect(within(review).queryByText('deep-step')).toBeNull();
    await user.click(within(review).getAllByText('1 field').at(-1)!);
    expect(within(review).getByText('deep-step')).toBeTruthy();
  });

  it('shows confidence, earlier decisions, files and the facts of the assignment', async () => {
    clock.now = NOW;
    await openFirst(reviewApi());
    const review = screen.getByRole('article');
    expect(within(review).getByText('62%')).toBeTruthy();
    expect(within(review).getByText('Low — check carefully')).toBeTruthy();
    expect(within(review).getByText('request_changes')).toBeTruthy();
    expect(within(review).getByText('Attach the receipt')).toBeTruthy();
    expect(within(review).getByText('receipt')).toBeTruthy();
    expect(within(review).getByText(/image\/png · 47\.1 KB/)).toBeTruthy();
    expect(within(review).getByText('due in 3 h')).toBeTruthy();
    // The presigned URL is a secret of sorts: never shown.
    expect(review.textContent).not.toContain('sig=1');
  });

  it('heads the review with project, kind, priority, status, due, assignee and tags', async () => {
    clock.now = NOW;
    await openFirst(reviewApi());
    const facts = screen.getByRole('article').querySelector('.review-header__facts') as HTMLElement;
    const fact = (term: string) => within(facts).getByText(term).nextElementSibling?.textContent;
    // The project's name comes from metadata.project_name; the queue learns it too.
    expect(fact('Project')).toBe('Payments Ops');
    expect(fact('Kind')).toBe('approval');
    expect(fact('Priority')).toBe('Critical');
    expect(fact('Status')).toBe('Pending');
    expect(fact('Due')).toBe('due in 3 h');
    expect(fact('Assignee')).toBe('You');
    // No tags channel yet: ids.
    // Names from tags:list, once it answers.
    await waitFor(() => expect(fact('Tags')).toBe('Needs receiptVIP customer'));
    // project_name is not repeated under Metadata.
    expect(screen.getByRole('article').querySelector('details.review-section')?.textContent).not.toContain('Payments Ops');
  });

  it('lists files with a clear "not downloaded yet" placeholder', async () => {
    clock.now = NOW;
    await openFirst(reviewApi());
    const files = screen.getByRole('region', { name: /Files/ });
    expect(within(files).getByText('receipt')).toBeTruthy();
    expect(await within(files).findByText(/Not downloaded yet/)).toBeTruthy();
    expect(files.querySelector('img, a')).toBeNull();
  });

  it('opens a prefetched assignment at once, and looks again when a sync landed meanwhile', async () => {
    clock.now = NOW;
    const api = reviewApi();
    const { user } = await openFirst(api);
    await waitFor(() => expect(api.inputs('assignment:get')).toEqual([{ id: 1 }, { id: 2 }]));
    // A pull changes assignment 2 after it was fetched ahead.
    const at = api.assignments.findIndex((a) => a.id === 2);
    api.assignments[at] = { ...api.assignments[at]!, title: 'Second refund (edited)', version: 2 };
    act(() => api.emit('queue:changed', { reason: 'pull' }));
    await user.type(screen.getByLabelText('Comment'), 'ok');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    // Shown from the early copy at once, then refreshed: the reviewer is told it changed.
    expect(await screen.findByRole('heading', { level: 2, name: 'Second refund (edited)' })).toBeTruthy();
    expect(await screen.findByText('This assignment was updated on the server while you had it open.')).toBeTruthy();
  });

  it('submits the decision with cleaned values, comment and duration, then opens the next one', async () => {
    clock.now = NOW;
    const api = reviewApi();
    const { user } = await openFirst(api);
    clock.now = NOW + 41_000;
    await user.type(screen.getByLabelText('Comment'), '  Receipt checked  ');
    await user.click(screen.getByRole('button', { name: 'Approve' }));

    await waitFor(() => expect(api.inputs('decision:submit')).toHaveLength(1));
    expect(api.lastInput('decision:submit')).toEqual({
      assignmentId: 1,
      outcome: 'approve',
      values: { amount: 25 },
      comment: 'Receipt checked',
      durationMs: 41_000,
    });
    expect(await screen.findByText('Approved “Approve refund for order 5521” — will sync')).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 2, name: 'Second refund' })).toBeTruthy();
    // The next one was fetched while the first was open, so opening it needed no call; now the one after is fetched.
    expect(api.inputs('assignment:get')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    // The decided row is marked until the next sync.
    expect(within(screen.getByRole('button', { name: /^Approve refund/ })).getByText('Unsent')).toBeTruthy();
  });

  it('says "and sent" when main sent it at once, and goes back to the queue after the last one', async () => {
    clock.now = NOW;
    const api = reviewApi();
    api.submitState = 'sent';
    const { user } = renderApp(api, { now: () => clock.now });
    await user.click(await screen.findByRole('button', { name: /^Third refund/ }));
    await screen.findByRole('heading', { level: 2, name: 'Third refund' });
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Approved “Third refund” and sent')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Select an assignment to review it here' })).toBeTruthy();
  });

  it("explains what is missing with checkDecision's message instead of submitting", async () => {
    clock.now = NOW;
    const api = reviewApi();
    const { user } = await openFirst(api);
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Add a comment to reject/);
    expect(api.inputs('decision:submit')).toHaveLength(0);
    const comment = screen.getByLabelText('Comment');
    expect(comment.getAttribute('aria-invalid')).toBe('true');

    await user.type(comment, 'Not eligible');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(api.lastInput('decision:submit')).toMatchObject({ outcome: 'reject', comment: 'Not eligible' }));
    expect(await screen.findByText('Rejected “Approve refund for order 5521” — will sync')).toBeTruthy();
    // The next decision's toast replaces this one rather than stacking over the form.
    await user.type(screen.getByLabelText('Comment'), 'Also not eligible');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('Rejected “Second refund” — will sync')).toBeTruthy();
    expect(screen.queryByText(/Rejected “Approve refund/)).toBeNull();
  });

  it('refuses invalid values for an outcome that validates', async () => {
    clock.now = NOW;
    const api = reviewApi();
    const form: Form = {
      ...REFUND_FORM,
      schema: { ...REFUND_FORM.schema, properties: { amount: { type: 'number', title: 'Refund amount' } } },
    };
    api.forms.set(`${form.id}@${form.version}`, form);
    const { user } = await openFirst(api);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(screen.getAllByRole('alert').some((a) => /needs attention: Refund amount/.test(a.textContent ?? ''))).toBe(true),
    );
    expect(api.inputs('decision:submit')).toHaveLength(0);
  });

  it('starts from the local decision and shows its state', async () => {
    clock.now = NOW;
    const api = reviewApi();
    api.decisions.set(1, {
      decisionId: 'd-1',
      outcome: 'approve',
      values: { amount: 40 },
      comment: 'Checked twice',
      state: 'conflict',
      createdAt: new Date(NOW).toISOString(),
      error: { code: 'already_decided', message: 'Someone else decided this assignment.' },
    });
    await openFirst(api);
    const alert = screen.getAllByRole('alert').find((a) => a.textContent?.includes('did not accept'));
    expect(alert?.textContent).toContain('Someone else decided this assignment.');
    expect((screen.getByLabelText('Comment') as HTMLTextAreaElement).value).toBe('Checked twice');
    expect((screen.getByLabelText(/Refund amount/) as HTMLInputElement).value).toBe('40');
  });

  it('locks the outcomes once the decision was sent, saying why', async () => {
    clock.now = NOW;
    const api = reviewApi();
    api.decisions.set(1, {
      decisionId: 'd-1',
      outcome: 'approve',
      values: { amount: 25 },
      comment: null,
      state: 'sent',
      createdAt: new Date(NOW).toISOString(),
      error: null,
    });
    await openFirst(api);
    expect(screen.getByText('Your decision “Approve” was sent.')).toBeTruthy();
    const approve = screen.getByRole('button', { name: 'Approve' }) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    expect(screen.getByText('Your decision was sent.')).toBeTruthy();
  });

  it('shows a placeholder while the form has not been fetched', async () => {
    clock.now = NOW;
    const api = reviewApi();
    api.forms.clear();
    await openFirst(api);
    expect(screen.getByText(/has not been downloaded yet/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();

    // The form arriving with a sync fills the panel in place.
    api.forms.set(`${REFUND_FORM.id}@${REFUND_FORM.version}`, REFUND_FORM);
    act(() => api.emit('queue:changed', { reason: 'pull' }));
    expect(await screen.findByRole('button', { name: 'Approve' })).toBeTruthy();
    expect((screen.getByLabelText(/Refund amount/) as HTMLInputElement).value).toBe('25');
  });

  it('keeps the draft when the open row is clicked again, and Esc while typing stays in the comment', async () => {
    clock.now = NOW;
    const api = reviewApi();
    const { user } = await openFirst(api);
    const comment = screen.getByLabelText('Comment') as HTMLTextAreaElement;
    await user.type(comment, 'Half-written');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('heading', { level: 2, name: 'Approve refund for order 5521' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /^Approve refund for order 5521/ }));
    expect((screen.getByLabelText('Comment') as HTMLTextAreaElement).value).toBe('Half-written');
    expect(api.inputs('assignment:get').filter((i) => i?.id === 1)).toHaveLength(1);
  });

  it('goes back with the Back button', async () => {
    clock.now = NOW;
    const { user } = await openFirst(reviewApi());
    await user.click(screen.getByRole('button', { name: /Back to queue/ }));
    expect(await screen.findByRole('heading', { name: 'Select an assignment to review it here' })).toBeTruthy();
  });
});
