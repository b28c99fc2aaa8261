/** Reviewers and the admin, each with one bearer token. */
import type Database from 'better-sqlite3';

export type Role = 'reviewer' | 'admin';

export interface User {
  id: number;
  username: string;
  display_name: string | null;
  token: string;
  role: Role;
}

export function createUsersRepo(db: Database.Database) {
  const cols = 'id, username, display_name, token, role';
  const byToken = db.prepare<[string], User>(`SELECT ${cols} FROM users WHERE token = ?`);
  const byId = db.prepare<[number], User>(`SELECT ${cols} FROM users WHERE id = ?`);
  const byUsername = db.prepare<[string], User>(`SELECT ${cols} FROM users WHERE username = ?`);
  const insertStmt = db.prepare('INSERT INTO users (username, display_name, token, role, created_at) VALUES (?, ?, ?, ?, ?)');
  const setTokenStmt = db.prepare('UPDATE users SET token = ? WHERE id = ?');
  return {
    byToken: (token: string): User | undefined => byToken.get(token),
    byId: (id: number): User | undefined => byId.get(id),
    byUsername: (username: string): User | undefined => byUsername.get(username),
    insert(u: Omit<User, 'id'>, createdAt: string): User {
      const info = insertStmt.run(u.username, u.display_name, u.token, u.role, createdAt);
      return { ...u, id: Number(info.lastInsertRowid) };
    },
    setToken(id: number, token: string): void {
      setTokenStmt.run(token, id);
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
