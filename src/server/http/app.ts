/**
 * The request listener: base path, routing, authentication, body parsing and
 * the error shape, so route handlers only hold what their operation means.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ServerContext } from '../context';
import { authenticate, requireAdmin } from './auth';
import { parseJsonBody, readBody } from './body';
import { HttpError } from './errors';
import { sendJsonBytes, sendJsonText } from './reply';
import { HANDLED, type ApiRequest, type Reply, type Router } from './router';

export const BASE_PATH = '/api/v1';

function requestUrl(req: IncomingMessage, ctx: ServerContext): URL {
  // Absolute links follow the Host the client used, as DRF's build_absolute_uri does.
  const origin = req.headers.host ? `http://${req.headers.host}` : new URL(ctx.baseUrl()).origin;
  try {
    return new URL(req.url ?? '/', origin);
  } catch {
    return new URL(req.url ?? '/', new URL(ctx.baseUrl()).origin);
  }
}

function sendError(res: ServerResponse, ctx: ServerContext, err: HttpError): void {
  const headers: Record<string, string> = { ...err.headers };
  // After a refused upload the rest of the body is still in flight: close the
  // connection rather than trying to read past it.
  if (err.status === 413) headers.Connection = 'close';
  sendJsonText(res, err.status, JSON.stringify(err.body()), ctx.baseUrl(), headers);
}

async function handle(ctx: ServerContext, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = requestUrl(req, ctx);
  const method = (req.method ?? 'GET').toUpperCase();
  const pathname = url.pathname;
  if (pathname !== BASE_PATH && !pathname.startsWith(`${BASE_PATH}/`)) throw new HttpError(404, 'not_found', 'Not found.');
  const path = pathname.slice(BASE_PATH.length) || '/';

  const match = router.match(method, path);
  if (match.kind === 'not_found') throw new HttpError(404, 'not_found', `No route for ${path}.`);
  if (match.kind === 'method_not_allowed') {
    throw new HttpError(
      405,
      'method_not_allowed',
      `Method ${method} is not allowed here.`,
      {},
      {
        Allow: match.allowed.join(', '),
      },
    );
  }
  const { route, params } = match;
  const user = route.access === 'public' ? undefined : authenticate(ctx.store.users, req.headers);
  if (route.access === 'admin' && user) requireAdmin(user);

  let body: unknown;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') body = parseJsonBody(await readBody(req));

  const apiReq: ApiRequest = {
    method,
    path,
    url,
    params,
    query: url.searchParams,
    headers: req.headers,
    body,
    user,
    raw: req,
    res,
  };
  const result = await route.handler(apiReq);
  if (result === HANDLED) return;
  send(res, ctx, result);
}

function send(res: ServerResponse, ctx: ServerContext, reply: Reply): void {
  if (reply.status === 204) {
    res.writeHead(204, reply.headers);
    res.end();
    return;
  }
  if (reply.bytes) return sendJsonBytes(res, reply.status, reply.bytes, ctx.baseUrl(), reply.headers);
  const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  sendJsonText(res, reply.status, text, ctx.baseUrl(), reply.headers);
}

export function createRequestListener(ctx: ServerContext, router: Router): RequestListener {
  return (req, res) => {
    handle(ctx, router, req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        sendError(res, ctx, err);
        return;
      }
      ctx.log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
      sendError(res, ctx, new HttpError(500, 'internal', 'Internal server error.'));
    });
  };
}
