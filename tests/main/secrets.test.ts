/**
 * Secret form fields (writeOnly: an API key an agent asked for): the outbox
 * keeps them until the server has them, and nothing else ever does — not the
 * draft, not the audit log, not the logs, and not the decision once sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitDecision, undoDecision } from '../../src/main/app/decisions.service';
import { saveDraft, exportAudit } from '../../src/main/app/local.service';
import { redactSecrets, secretPaths, withoutSecrets } from '../../src/shared/forms';
import { startTestServer, type TestServer } from '../support/reference-server';
import { assignmentInput } from '../support/fixtures';
import { createClient, localDecisions, syncUntilSettled, type Client } from '../support/sync-harness';

const KEY = 'sk-live-4f9a-very-secret';
const form = {
  id: 'secret-key-request',
  version: 1,
  title: 'API key request',
  instructions: 'Paste the key the agent needs.',
  schema: {
    type: 'object',
    properties: {
      api_key: { type: 'string', title: 'API key', writeOnly: true, minLength: 8 },
      scope: { type: 'string', title: 'Scope' },
      vault: { type: 'object', properties: { password: { type: 'string', writeOnly: true }, name: { type: 'string' } } },
    },
    required: ['api_key'],
  },
  ui: {},
  outcomes: [{ value: 'approve', label: 'Fulfill' }],
};

describe('secret paths and redaction', () => {
  it('finds writeOnly properties at any depth and redacts only those holding a value', () => {
    expect(secretPaths(form.schema)).toEqual([['api_key'], ['vault', 'password']]);
    const values = { api_key: KEY, scope: 'read', vault: { password: 'hunter22', name: 'main' } };
    expect(redactSecrets(values, form.schema)).toEqual({
      api_key: '[secret]',
      scope: 'read',
      vault: { password: '[secret]', name: 'main' },
    });
    expect(withoutSecrets(values, form.schema)).toEqual({ scope: 'read', vault: { name: 'main' } });
    expect(values.api_key).toBe(KEY); // the caller's copy is untouched
    expect(redactSecrets({ scope: 'x' }, form.schema)).toEqual({ scope: 'x' });
  });
});

describe('a decision holding a secret', () => {
  let server: TestServer;
  let client: Client;
  let id: number;

  beforeEach(async () => {
    server = await startTestServer();
    await server.admin('POST', '/admin/forms/', form);
    const created = await server.admin<{ id: number }>('POST', '/admin/assignments/', {
      ...assignmentInput(server, 1),
      kind: 'api_key',
      form: { id: form.id, version: form.version },
    });
    id = created.id;
    client = createClient({ baseUrl: server.baseUrl, token: server.token });
    await client.engine.syncNow();
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  const everythingStored = () =>
    JSON.stringify([
      client.cache.db.prepare('SELECT * FROM drafts').all(),
      client.cache.db.prepare('SELECT * FROM decisions').all(),
      client.cache.db.prepare('SELECT * FROM audit_log').all(),
    ]);

  it('is never kept in a draft', () => {
    const draft = saveDraft(client.session, { assignmentId: id, values: { api_key: KEY, scope: 'read' } }, client.clock.now);
    expect(draft.values).toEqual({ scope: 'read' });
    expect(everythingStored()).not.toContain(KEY);
  });

  it('waits in the outbox until sent, then is wiped; the audit log and logs never see it', async () => {
    const r = submitDecision(
      client.session,
      { assignmentId: id, outcome: 'approve', values: { api_key: KEY, scope: 'read' } },
      client.clock.now,
    );
    // Offline work must survive a restart: the outbox keeps the value until the server has it.
    expect(JSON.stringify(client.cache.decisions.item(r.decisionId)?.body)).toContain(KEY);
    const audit = JSON.stringify(client.cache.db.prepare('SELECT * FROM audit_log').all());
    expect(audit).toContain('[secret]');
    expect(audit).not.toContain(KEY);

    await syncUntilSettled(client);
    const recorded = await server.admin<{ results: { values: Record<string, unknown> }[] }>(
      'GET',
      `/admin/decisions/?assignment=${id}`,
    );
    expect(recorded.results[0]!.values.api_key).toBe(KEY);
    expect(client.cache.decisions.pendingCount()).toBe(0);
    expect(localDecisions(client.cache)[0]).toMatchObject({ state: 'sent', values: { api_key: '[secret]', scope: 'read' } });
    expect(everythingStored()).not.toContain(KEY);
    expect(exportAudit(client.session, 'json', client.clock.now).content).not.toContain(KEY);
    expect(JSON.stringify(client.log.entries)).not.toContain(KEY);
  });

  it('comes back to the screen on undo, but the stored draft leaves it out', () => {
    const r = submitDecision(
      client.session,
      { assignmentId: id, outcome: 'approve', values: { api_key: KEY, scope: 'read' } },
      client.clock.now,
    );
    const undone = undoDecision(client.session, r.decisionId, client.clock.now);
    expect(undone.draft.values).toEqual({ api_key: KEY, scope: 'read' });
    expect(client.cache.drafts.get(id)?.values).toEqual({ scope: 'read' });
    expect(everythingStored()).not.toContain(KEY);
  });
});
