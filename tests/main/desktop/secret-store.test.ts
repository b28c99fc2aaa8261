import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../src/main/log';
import { fileSecretStore, safeStorageSecretStore, type SafeStorageLike } from '../../../src/main/desktop/secret-store';
import { tempDir } from '../../support/temp-dir';

const TOKEN = 'tok_4f9c2e-very-secret';

/** A stand-in for Electron's safeStorage: reversible, tagged with its backend, and never plain. */
function fakeSafeStorage(backend: string, over: Partial<SafeStorageLike> = {}): SafeStorageLike & { encrypted: number } {
  const fake = {
    encrypted: 0,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(s: string) {
      fake.encrypted++;
      return Buffer.from(`${backend}|${[...s].reverse().join('')}`);
    },
    decryptString(b: Buffer) {
      const [tag, body] = b.toString().split('|');
      // Like Chromium: a value encrypted under a keyring's key does not open with basic_text's.
      if (backend === 'basic_text' && tag !== 'basic_text') throw new Error('decrypt failed');
      return [...(body ?? '')].reverse().join('');
    },
    ...over,
  };
  return fake;
}

let dir: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = join(dir.path, 'secrets.json');
});
afterEach(() => dir.remove());

const never = () => {
  throw new Error('must not ask');
};
const onDisk = () => (existsSync(file) ? readFileSync(file, 'utf8') : '');

describe('safeStorage secret store with an OS keyring', () => {
  it('keeps the token encrypted, records the backend, and reads it back in the next run', () => {
    const s = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      platform: 'linux',
      confirmWeakStorage: never,
    });
    expect([s.kind, s.backend]).toEqual(['os-keyring', 'gnome_libsecret']);
    s.set('token:a', TOKEN);
    expect(onDisk()).not.toContain(TOKEN);
    expect(JSON.parse(onDisk()).entries['token:a'].backend).toBe('gnome_libsecret');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const next = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      platform: 'linux',
      confirmWeakStorage: never,
    });
    expect(next.get('token:a')).toBe(TOKEN);
    next.delete('token:a');
    expect(next.get('token:a')).toBeNull();
    expect(JSON.parse(onDisk()).entries).toEqual({});
  });

  it('names the macOS and Windows backends', () => {
    const mac = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('unknown'),
      platform: 'darwin',
      confirmWeakStorage: never,
    });
    const win = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('unknown'),
      platform: 'win32',
      confirmWeakStorage: never,
    });
    expect([mac.backend, win.backend, mac.kind]).toEqual(['keychain', 'dpapi', 'os-keyring']);
  });

  it('reads the first file format, and records a backend for it on the next read', () => {
    const ss = fakeSafeStorage('kwallet5');
    const legacy = fileSecretStore(file, {
      kind: 'os-keyring',
      encode: (v) => ss.encryptString(v).toString('base64'),
      decode: (v) => ss.decryptString(Buffer.from(v, 'base64')),
    });
    legacy.set('token:old', TOKEN);
    const s = safeStorageSecretStore({ file, safeStorage: ss, platform: 'linux', confirmWeakStorage: never });
    expect(s.get('token:old')).toBe(TOKEN);
    expect(JSON.parse(onDisk()).entries['token:old'].backend).toBe('kwallet5');
  });

  it('moves a weakly kept token under the keyring once one is available', () => {
    const weak = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => true,
    });
    weak.set('token:a', TOKEN);
    const strong = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      platform: 'linux',
      confirmWeakStorage: never,
    });
    expect(strong.get('token:a')).toBe(TOKEN);
    expect(JSON.parse(onDisk()).entries['token:a'].backend).toBe('gnome_libsecret');
  });
});

describe('safeStorage secret store without a keyring (Linux basic_text)', () => {
  it('asks once; yes keeps it with weak protection, and the next run neither asks nor loses it', () => {
    let asked = 0;
    const s = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => (asked++, true),
    });
    expect(s.kind).toBe('memory'); // nothing decided before there is something to keep
    s.set('token:a', TOKEN);
    s.set('token:b', 'other');
    expect(asked).toBe(1);
    expect([s.kind, s.weakStorageChoice]).toEqual(['weak-keyring', 'accepted']);
    expect(onDisk()).not.toContain(TOKEN);

    const next = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: never,
    });
    expect([next.kind, next.get('token:a')]).toEqual(['weak-keyring', TOKEN]);
  });

  it('no keeps it in memory only, for this run, and is remembered', () => {
    const log = recordingLogger();
    const s = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => false,
      log,
    });
    s.set('token:a', TOKEN);
    expect([s.kind, s.get('token:a')]).toEqual(['memory', TOKEN]);
    expect(onDisk()).not.toContain(TOKEN);
    expect(JSON.stringify(log.entries)).not.toContain(TOKEN);

    const next = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: never,
    });
    expect([next.kind, next.weakStorageChoice, next.get('token:a')]).toEqual(['memory', 'declined', null]);
    next.set('token:a', TOKEN); // no second question
    expect(onDisk()).not.toContain('token:a');
  });

  it('waits for an asynchronous answer, keeping the token usable meanwhile', async () => {
    let reply!: (yes: boolean) => void;
    const s = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => new Promise<boolean>((r) => (reply = r)),
    });
    s.set('token:a', TOKEN);
    expect([s.kind, s.get('token:a'), onDisk().includes('token:a')]).toEqual(['memory', TOKEN, false]);
    reply(true);
    await s.settled();
    expect(s.kind).toBe('weak-keyring');
    expect(JSON.parse(onDisk()).entries['token:a'].backend).toBe('basic_text');
  });

  it('treats a failed question as no answer: memory now, ask again next run', async () => {
    const s = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => Promise.reject(new Error('no display')),
      log: recordingLogger(),
    });
    s.set('token:a', TOKEN);
    await s.settled();
    expect([s.kind, s.weakStorageChoice, s.get('token:a')]).toEqual(['memory', null, TOKEN]);
    let asked = false;
    const next = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => (asked = true),
    });
    next.set('token:a', TOKEN);
    expect(asked).toBe(true);
  });

  it('a later no removes what an earlier yes stored; the question can be asked again', () => {
    const yes = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => true,
    });
    yes.set('token:a', TOKEN);
    yes.forgetWeakStorageChoice();
    const no = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => false,
    });
    no.set('token:b', 'x');
    expect(JSON.parse(onDisk())).toEqual({ format: 1, weakStorage: 'declined', entries: {} });
  });

  it('asks about a token the first file format kept weakly without asking; no removes it from disk', () => {
    const ss = fakeSafeStorage('basic_text');
    const encode = (v: string) => ss.encryptString(v).toString('base64');
    fileSecretStore(file, { kind: 'os-keyring', encode, decode: (v) => v }).set('token:old', TOKEN);
    let asked = 0;
    const s = safeStorageSecretStore({ file, safeStorage: ss, platform: 'linux', confirmWeakStorage: () => (asked++, false) });
    expect(s.get('token:old')).toBe(TOKEN); // still usable for this run
    expect(asked).toBe(1);
    expect(JSON.parse(onDisk()).entries).toEqual({});

    rmSync(file);
    fileSecretStore(file, { kind: 'os-keyring', encode, decode: (v) => v }).set('token:old', TOKEN);
    const yes = safeStorageSecretStore({ file, safeStorage: ss, platform: 'linux', confirmWeakStorage: () => true });
    expect(yes.get('token:old')).toBe(TOKEN);
    expect(yes.weakStorageChoice).toBe('accepted');
    expect(JSON.parse(onDisk()).entries['token:old'].backend).toBe('basic_text');
  });

  it('does not open a keyring-encrypted token with the weak key', () => {
    safeStorageSecretStore({ file, safeStorage: fakeSafeStorage('kwallet6'), platform: 'linux', confirmWeakStorage: never }).set(
      'token:a',
      TOKEN,
    );
    const weak = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('basic_text'),
      platform: 'linux',
      confirmWeakStorage: () => true,
    });
    expect(weak.get('token:a')).toBeNull();
  });
});

describe('safeStorage secret store when encryption is unavailable', () => {
  it('keeps secrets in memory, writes nothing, and asks nothing', () => {
    const ss = fakeSafeStorage('gnome_libsecret', { isEncryptionAvailable: () => false });
    const s = safeStorageSecretStore({ file, safeStorage: ss, platform: 'linux', confirmWeakStorage: never });
    s.set('token:a', TOKEN);
    expect([s.kind, s.get('token:a'), existsSync(file), ss.encrypted]).toEqual(['memory', TOKEN, false, 0]);
  });

  it('leaves an existing file alone for a later run that can read it', () => {
    safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      platform: 'linux',
      confirmWeakStorage: never,
    }).set('token:a', TOKEN);
    const before = onDisk();
    const ss = fakeSafeStorage('gnome_libsecret', { isEncryptionAvailable: () => false });
    expect(
      safeStorageSecretStore({ file, safeStorage: ss, platform: 'linux', confirmWeakStorage: never }).get('token:a'),
    ).toBeNull();
    expect(onDisk()).toBe(before);
  });

  it('survives a keyring that refuses to encrypt, and a corrupt file', () => {
    const ss = fakeSafeStorage('gnome_libsecret', {
      encryptString: () => {
        throw new Error('locked');
      },
    });
    const s = safeStorageSecretStore({
      file,
      safeStorage: ss,
      platform: 'linux',
      confirmWeakStorage: never,
      log: recordingLogger(),
    });
    s.set('token:a', TOKEN);
    expect(s.get('token:a')).toBe(TOKEN);
    writeFileSync(file, '{not json');
    const next = safeStorageSecretStore({
      file,
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      platform: 'linux',
      confirmWeakStorage: never,
    });
    expect(next.get('token:a')).toBeNull();
    next.set('token:a', TOKEN);
    expect(next.get('token:a')).toBe(TOKEN);
  });
});
