/**
 * A tiny method + path router. Paths are written DRF style with a trailing
 * slash (`/assignments/:id/`); a request without the slash matches too, since
 * clients built by hand often drop it and a redirect would lose the body.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { User } from '../store/users.repo';

export type Access = 'public' | 'user' | 'admin';

export interface ApiRequest {
  method: string;
  /** Path below the base path, e.g. `/assignments/7/`. */
  path: string;
  /** The full request URL as the client addressed it (for absolute links). */
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Set for every route whose access is not 'public'. */
  user: User | undefined;
  raw: IncomingMessage;
  res: ServerResponse;
}

export interface AuthedRequest extends ApiRequest {
  user: User;
}

/** A JSON reply: a value to encode, text that already is JSON, or its UTF-8 bytes. */
export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  bytes?: Buffer;
  headers?: Record<string, string>;
}

/** Returned by handlers that wrote the response themselves (SSE, files). */
export const HANDLED = Symbol('handled');
export type HandlerResult = Reply | typeof HANDLED;
export type Handler<R extends ApiRequest = ApiRequest> = (req: R) => HandlerResult | Promise<HandlerResult>;

interface Route {
  method: string;
  access: Access;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape simply names nothing that exists
  }
}

function compile(path: string): { regex: RegExp; keys: string[] } {
  const keys: string[] = [];
  const body = path
    .replace(/\/+$/, '')
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        keys.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${body}/?$`), keys };
}

export class Router {
  private readonly routes: Route[] = [];

  public(method: string, path: string, handler: Handler): this {
    return this.add(method, path, 'public', handler);
  }

  user(method: string, path: string, handler: Handler<AuthedRequest>): this {
    return this.add(method, path, 'user', handler as Handler);
  }

  admin(method: string, path: string, handler: Handler<AuthedRequest>): this {
    return this.add(method, path, 'admin', handler as Handler);
  }

  private add(method: string, path: string, access: Access, handler: Handler): this {
    this.routes.push({ method, access, handler, ...compile(path) });
    return this;
  }

  match(method: string, path: string): Match {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = safeDecode(m[i + 1] ?? '');
      });
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
  }
}
