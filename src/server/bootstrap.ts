/**
 * Getting a database ready to serve: the default reviewer and the admin with
 * their tokens (kept from an existing file unless new ones are given), and on
 * a fresh database the demo forms, tags and the requested demo assignments.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from './store';
import type { Role, User } from './store/users.repo';

export const ADMIN_USERNAME = 'admin';

export function randomToken(): string {
  return randomBytes(20).toString('hex');
}

function ensureUser(store: Store, username: string, role: Role, token: string | undefined, at: string): User {
  const existing = store.users.byUsername(username);
  if (existing) {
    if (existing.role !== role) throw new Error(`user "${username}" exists with role ${existing.role}, expected ${role}`);
    if (token === undefined || token === existing.token) return existing;
    const holder = store.users.byToken(token);
    if (holder) throw new Error(`token is already used by user "${holder.username}"`);
    store.users.setToken(existing.id, token);
    return { ...existing, token };
  }
  const fresh = token ?? randomToken();
  if (store.users.byToken(fresh)) throw new Error('token is already used by another user');
  const display = role === 'admin' ? 'Administrator' : username.charAt(0).toUpperCase() + username.slice(1);
  return store.users.insert({ username, display_name: display, token: fresh, role }, at);
}

export function ensureUsers(
  store: Store,
  opts: { username: string; token?: string; adminToken?: string },
  at: string,
): { reviewer: User; admin: User } {
  if (opts.username === ADMIN_USERNAME) throw new Error(`"${ADMIN_USERNAME}" is reserved for the admin user`);
  if (opts.token !== undefined && opts.token === opts.adminToken) throw new Error('the reviewer and admin tokens must differ');
  for (const t of [opts.token, opts.adminToken]) {
    if (t !== undefined && !/^\S{8,200}$/.test(t)) throw new Error('tokens are 8 to 200 characters without spaces');
  }
  return store.db.transaction(() => ({
    reviewer: ensureUser(store, opts.username, 'reviewer', opts.token, at),
    admin: ensureUser(store, ADMIN_USERNAME, 'admin', opts.adminToken, at),
  }))();
}
