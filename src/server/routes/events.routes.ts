/**
 * `GET /events/`: Server-Sent Events. `event: changes` with the feed's head
 * cursor whenever something the caller can see changed (sent by EventHub
 * after the commit), and a comment line every keepaliveMs so proxies and
 * clients can tell a quiet stream from a dead one.
 */
import type { ServerContext } from '../context';
import { HANDLED, type Router } from '../http/router';

export function registerEventRoutes(router: Router, ctx: ServerContext): void {
  router.user('GET', '/events/', (req) => {
    const { res, raw } = req;
    raw.socket.setNoDelay(true);
    raw.socket.setKeepAlive(true);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // tell buffering proxies (nginx) to pass events through
    });
    // The first bytes flush the headers, so a client's fetch resolves at once.
    res.write('retry: 3000\n: connected\n\n');
    const remove = ctx.hub.add(req.user.id, res);
    const timer = setInterval(() => res.write(': keepalive\n\n'), ctx.keepaliveMs);
    timer.unref();
    const cleanup = (): void => {
      clearInterval(timer);
      remove();
    };
    res.on('close', cleanup);
    raw.on('close', cleanup);
    return HANDLED;
  });
}
