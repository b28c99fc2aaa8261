/** The shared adapter suite's driver for the native protocol: the reference server itself. */
import { createProtocolAdapter } from '../../../src/main/backend/protocol-adapter';
import type { BackendDriver } from '../backend-driver';
import { assignmentInput, publishSimpleForm } from '../fixtures';
import { startTestServer } from '../reference-server';

export async function startNativeDriver(): Promise<BackendDriver> {
  const server = await startTestServer();
  await publishSimpleForm(server);
  const other = await server.admin<{ id: number; token: string }>('POST', '/admin/users/', { username: 'someone-else' });
  let made = 0;
  return {
    name: 'native',
    baseUrl: server.baseUrl,
    token: server.token,
    adapter: (o) => createProtocolAdapter({ ...o, token: server.token }),
    async seed(n) {
      const batch = Array.from({ length: n }, (_, i) => assignmentInput(server, made + i));
      made += n;
      await server.admin('POST', '/admin/assignments/', { assignments: batch });
    },
    approval: (a) => ({ outcome: 'approve', values: { amount: a.id % 1000 } }),
    async editData(id) {
      await server.admin('PATCH', `/admin/assignments/${id}/`, {
        data: { order: id, amount: 999, message: 'edited on the server' },
      });
    },
    async takeAway(id) {
      await server.admin('POST', `/admin/assignments/${id}/reassign/`, { assignee: other.id });
    },
    async decideElsewhere(id) {
      // Handed to someone else, decided by them: the reviewer's decision must not land on top.
      await server.admin('POST', `/admin/assignments/${id}/reassign/`, { assignee: other.id });
      const res = await fetch(`${server.baseUrl}/assignments/${id}/decisions/`, {
        method: 'POST',
        headers: {
          Authorization: `Token ${other.token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `elsewhere-${id}`,
        },
        body: JSON.stringify({
          decision_id: `elsewhere-${id}`,
          outcome: 'approve',
          values: { amount: 1 },
          form: { id: 'simple-approval', version: 1 },
          base_version: (await server.admin<{ version: number }>('GET', `/assignments/${id}/`)).version,
          client_submitted_at: new Date().toISOString(),
        }),
      });
      if (res.status !== 201) throw new Error(`deciding elsewhere: ${res.status} ${await res.text()}`);
    },
    async recorded() {
      return (await server.decisions()).map((d) => ({ assignmentId: d.assignment_id, outcome: d.outcome }));
    },
    async openIds() {
      const page = await server.asReviewer<{ results: { id: number; status: string }[] }>(
        'GET',
        '/assignments/?assignee=me&page_size=1000',
      );
      return page.body.results.filter((a) => a.status === 'pending' || a.status === 'in_progress').map((a) => a.id);
    },
    close: () => server.close(),
  };
}
