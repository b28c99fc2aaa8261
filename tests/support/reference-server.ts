/** Starts the reference backend on an ephemeral loopback port, with admin helpers from the protocol's admin routes. */
import { startServer, type RunningServer, type ServerOptions } from '../../src/server';

export interface TestServer extends RunningServer {
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  asReviewer<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  decisions(assignmentId?: number): Promise<{ decision_id: string; assignment_id: number; outcome: string }[]>;
}

export async function startTestServer(opts: ServerOptions = {}): Promise<TestServer> {
  const s = await startServer({ port: 0, db: ':memory:', quiet: true, ...opts });
  const call = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${s.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return Object.assign(s, {
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const r = await call(s.adminToken, method, path, body);
      if (r.status >= 400) throw new Error(`admin ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as T;
    },
    asReviewer<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
      return call(s.token, method, path, body, headers) as Promise<{ status: number; body: T }>;
    },
    async decisions(assignmentId?: number) {
      const all: { decision_id: string; assignment_id: number; outcome: string }[] = [];
      let url: string | null = `/admin/decisions/?page_size=1000${assignmentId ? `&assignment=${assignmentId}` : ''}`;
      while (url) {
        const page: { next: string | null; results: typeof all } = await this.admin('GET', url);
        all.push(...page.results);
        url = page.next ? page.next.replace(s.baseUrl, '') : null;
      }
      return all;
    },
  });
}
