/** What a backend cannot do is refused at once, with words, instead of queueing a change its server would refuse. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releaseAssignment, setTags } from '../../../src/main/app/outbox.service';
import { createAssignments, publishSimpleForm } from '../../support/fixtures';
import { startTestServer, type TestServer } from '../../support/reference-server';
import { createClient, type Client } from '../../support/sync-harness';

let server: TestServer;
let client: Client;

beforeEach(async () => {
  server = await startTestServer();
  await publishSimpleForm(server);
  await createAssignments(server, 2);
});
afterEach(async () => {
  client.close();
  await server.close();
});

describe('backend capabilities', () => {
  it('refuses hand-back and tags on a HITL account before anything is queued', async () => {
    client = createClient({ baseUrl: server.baseUrl, token: server.token, account: { backend: 'hitl' } });
    await client.engine.syncNow();
    const id = client.cache.assignments.allIds()[0]!;
    expect(() => releaseAssignment(client.session, id, client.clock.now)).toThrow(
      'HITL request service backends cannot take assignments back.',
    );
    expect(() => setTags(client.session, { ids: [id], tags: [1], action: 'add' }, client.clock.now)).toThrow(
      'HITL request service backends have no tags.',
    );
    expect(client.cache.decisions.pendingCount()).toBe(0);
    expect(client.cache.assignments.get(id)).not.toBeNull();
  });

  it('lets a Synapse account tag but not hand back', async () => {
    client = createClient({ baseUrl: server.baseUrl, token: server.token, account: { backend: 'synapse' } });
    await client.engine.syncNow();
    const id = client.cache.assignments.allIds()[0]!;
    expect(() => releaseAssignment(client.session, id, client.clock.now)).toThrow('cannot take assignments back');
    expect(setTags(client.session, { ids: [id], tags: [1], action: 'add' }, client.clock.now).state).toBe('unsent');
  });
});
