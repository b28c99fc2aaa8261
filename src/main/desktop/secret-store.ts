/**
 * Where the backend token lives. Electron's host uses safeStorage (the OS
 * keyring) through `safeStorageSecretStore`; the browser host, which has no
 * keyring API, keeps it in a file readable by the user alone and says so
 * (`kind`). The outbox never needs the token to be readable: unsent work
 * stays in the cache either way, and a lost token only means signing in again.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log';

export interface SecretStore {
  /** `weak-keyring`: safeStorage on Linux without a keyring (`basic_text`), which the reviewer accepted. */
  readonly kind: 'os-keyring' | 'weak-keyring' | 'user-only-file' | 'memory';
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

function readJson(file: string): unknown {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // unreadable secrets: the reviewer signs in again; nothing else is lost
  }
}

/** Temp file + rename, mode 0600 from the start: never a half-written or world-readable moment. */
function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Encrypts each value with `encode`/`decode` or stores it as is (file mode 0600). */
export function fileSecretStore(
  file: string,
  codec: { kind: SecretStore['kind']; encode(s: string): string; decode(s: string): string } = {
    kind: 'user-only-file',
    encode: (s) => s,
    decode: (s) => s,
  },
): SecretStore {
  const read = (): Record<string, string> => {
    const v = readJson(file);
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
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
      writeJson(file, { ...read(), [k]: codec.encode(v) });
    },
    delete(k) {
      const all = read();
      delete all[k];
      writeJson(file, all);
    },
  };
}

// ---------------------------------------------------------------- safeStorage with its fallbacks

/** The part of Electron's `safeStorage` used here (tests pass fakes). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent or throwing elsewhere. */
  getSelectedStorageBackend?(): string;
}

export interface SafeSecretStore extends SecretStore {
  /** What encrypts new values: 'keychain', 'dpapi', 'gnome_libsecret', 'kwallet5', 'basic_text', … */
  readonly backend: string;
  /** The reviewer's answer about weak protection, once asked. */
  readonly weakStorageChoice: 'accepted' | 'declined' | null;
  /** Resolves when no question is pending (tests, and callers that want to report the outcome). */
  settled(): Promise<void>;
  /** Lets the question be asked again at the next `set` (a settings action). */
  forgetWeakStorageChoice(): void;
}

export interface SafeSecretStoreOptions {
  file: string;
  safeStorage: SafeStorageLike;
  platform?: NodeJS.Platform;
  /**
   * Asked at most once per data folder, and only when a secret is about to be
   * kept on a machine with no keyring: may it be stored with the weak
   * `basic_text` protection? No (or an error) keeps it in memory for this run.
   */
  confirmWeakStorage: () => boolean | Promise<boolean>;
  log?: Logger;
}

interface Entry {
  v: string;
  /** The backend that encrypted it: an entry from a weaker backend is re-encrypted by a stronger one. */
  backend: string;
}
interface FileShape {
  format: 1;
  weakStorage: 'accepted' | 'declined' | null;
  entries: Record<string, Entry>;
}

function readShape(file: string): FileShape {
  const raw = readJson(file) as Partial<FileShape> | Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') return { format: 1, weakStorage: null, entries: {} };
  if (raw.format === 1 && raw.entries && typeof raw.entries === 'object') {
    const weak = raw.weakStorage === 'accepted' || raw.weakStorage === 'declined' ? raw.weakStorage : null;
    return { format: 1, weakStorage: weak, entries: raw.entries as Record<string, Entry> };
  }
  // The first format ({key: base64}, written by fileSecretStore with safeStorage): backend unknown.
  const entries: Record<string, Entry> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') entries[k] = { v, backend: 'unrecorded' };
  return { format: 1, weakStorage: null, entries };
}

function detectBackend(s: SafeStorageLike, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  try {
    return s.getSelectedStorageBackend?.() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function safeStorageSecretStore(opts: SafeSecretStoreOptions): SafeSecretStore {
  const { file, safeStorage: ss, log } = opts;
  const backend = detectBackend(ss, opts.platform ?? process.platform);
  let available = false;
  try {
    available = ss.isEncryptionAvailable();
  } catch {
    available = false;
  }
  // Chromium's basic_text "encryption" uses a key built into every copy of Chromium: obfuscation, not protection.
  const weak = backend === 'basic_text';
  // Values set in this run. In memory mode this is the only copy; otherwise it saves a decrypt.
  const memory = new Map<string, string>();
  let choice = readShape(file).weakStorage;
  let asking: Promise<void> | null = null;

  // Under basic_text, an entry of unknown origin that decrypts was kept weakly too.
  const weakEntry = (e: Entry): boolean => e.backend === 'basic_text' || (weak && e.backend === 'unrecorded');
  const persisting = (): boolean => available && (!weak || choice === 'accepted');
  const kind = (): SecretStore['kind'] => (!persisting() ? 'memory' : weak ? 'weak-keyring' : 'os-keyring');
  const update = (change: (f: FileShape) => void): void => {
    const f = readShape(file);
    change(f);
    writeJson(file, f);
  };
  const persist = (k: string, v: string): void => {
    let v64: string;
    try {
      v64 = ss.encryptString(v).toString('base64');
    } catch (e) {
      // The keyring refused (locked, gone): the value still works from memory for this run.
      log?.warn('could not encrypt a secret; it is kept in memory only', { error: (e as Error).message });
      return;
    }
    update((f) => void (f.entries[k] = { v: v64, backend }));
  };

  function answer(yes: boolean): void {
    choice = yes ? 'accepted' : 'declined';
    update((f) => {
      f.weakStorage = choice;
      // "No" also covers what an earlier "yes" left behind.
      if (!yes) for (const [k, e] of Object.entries(f.entries)) if (weakEntry(e)) delete f.entries[k];
    });
    log?.info(`no OS keyring: the reviewer ${yes ? 'accepted weak protection' : 'chose memory-only'} for the token`);
    if (yes) for (const [k, v] of memory) persist(k, v);
  }

  function ask(): void {
    if (asking || choice !== null) return;
    let reply: boolean | Promise<boolean>;
    try {
      reply = opts.confirmWeakStorage();
    } catch (e) {
      // No answer is not "no": keep it in memory this run and ask again next time.
      log?.warn('could not ask about weak secret storage', { error: (e as Error).message });
      return;
    }
    if (typeof reply === 'boolean') return answer(reply);
    asking = reply.then(
      (yes) => answer(yes === true),
      (e: unknown) => log?.warn('could not ask about weak secret storage', { error: (e as Error)?.message }),
    );
    void asking.finally(() => (asking = null));
  }

  return {
    get kind() {
      return kind();
    },
    backend,
    get weakStorageChoice() {
      return choice;
    },
    get(k) {
      const held = memory.get(k);
      if (held !== undefined) return held;
      const entry = readShape(file).entries[k];
      if (!entry || !available) return null;
      // An entry written under a stronger backend is not decrypted with basic_text's built-in key: it would fail anyway.
      if (weak && entry.backend !== 'basic_text' && entry.backend !== 'unrecorded') return null;
      try {
        const value = ss.decryptString(Buffer.from(entry.v, 'base64'));
        memory.set(k, value);
        // Upgrade: a value kept with weak protection moves under the keyring now available.
        if (!weak && entry.backend !== backend) persist(k, value);
        // The first file format kept tokens under basic_text without asking: ask now (or record the earlier yes).
        if (weak && entry.backend === 'unrecorded') {
          if (choice === null) ask();
          else if (choice === 'accepted') persist(k, value);
        }
        return value;
      } catch {
        return null;
      }
    },
    set(k, v) {
      memory.set(k, v);
      if (available && weak && choice === null) ask();
      if (persisting()) persist(k, v);
    },
    delete(k) {
      memory.delete(k);
      if (existsSync(file)) update((f) => void delete f.entries[k]);
    },
    settled: () => asking ?? Promise.resolve(),
    forgetWeakStorageChoice() {
      choice = null;
      update((f) => void (f.weakStorage = null));
    },
  };
}
