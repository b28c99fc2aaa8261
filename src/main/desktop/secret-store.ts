/**
 * Where the backend token lives. Electron's host uses safeStorage (the OS
 * keyring); the browser host, which has no keyring API, keeps it in a file
 * readable by the user alone and says so (`kind`). The outbox never needs the
 * token to be readable: unsent work stays in the cache either way.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretStore {
  readonly kind: 'os-keyring' | 'user-only-file' | 'memory';
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export function memorySecretStore(): SecretStore {
  const m = new Map<string, string>();
  return {
    kind: 'memory',
    get: (k) => m.get(k) ?? null,
    set: (k, v) => void m.set(k, v),
    delete: (k) => void m.delete(k),
  };
}

/** Encrypts each value with `encrypt`/`decrypt` (safeStorage in Electron) or stores it as is (file mode 0600). */
export function fileSecretStore(
  file: string,
  codec: { kind: SecretStore['kind']; encode(s: string): string; decode(s: string): string } = {
    kind: 'user-only-file',
    encode: (s) => s,
    decode: (s) => s,
  },
): SecretStore {
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {}; // unreadable secrets: the reviewer signs in again; nothing else is lost
    }
  };
  const write = (all: Record<string, string>): void => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  };
  return {
    kind: codec.kind,
    get(k) {
      const v = read()[k];
      if (v === undefined) return null;
      try {
        return codec.decode(v);
      } catch {
        return null;
      }
    },
    set(k, v) {
      write({ ...read(), [k]: codec.encode(v) });
    },
    delete(k) {
      const all = read();
      delete all[k];
      write(all);
    },
  };
}
