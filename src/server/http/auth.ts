/** `Authorization: Token <t>` (DRF style) or `Bearer <t>`, looked up in the users table. */
import type { IncomingHttpHeaders } from 'node:http';
import type { User, UsersRepo } from '../store/users.repo';
import { HttpError } from './errors';

export function tokenFrom(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const m = /^\s*(token|bearer)\s+(\S+)\s*$/i.exec(header);
  return m?.[2];
}

export function authenticate(users: UsersRepo, headers: IncomingHttpHeaders): User {
  const token = tokenFrom(headers);
  if (token === undefined) {
    throw new HttpError(
      401,
      'unauthenticated',
      'Authentication credentials were not provided.',
      {},
      {
        'WWW-Authenticate': 'Token',
      },
    );
  }
  const user = users.byToken(token);
  if (!user) throw new HttpError(401, 'unauthenticated', 'Invalid token.', {}, { 'WWW-Authenticate': 'Token' });
  return user;
}

export function requireAdmin(user: User): void {
  if (user.role !== 'admin') throw new HttpError(403, 'forbidden', 'This route needs the admin token.');
}
