import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLogger, teeLogger, recordingLogger, type Logger } from '../../src/main/log';
import { createRotatingFile, logFiles } from '../../src/main/log-file';
import { tempDir } from '../support/temp-dir';

const AT = new Date('2026-11-21T12:00:00.000Z');
const line = (n: number) => `line ${String(n).padStart(4, '0')} ${'x'.repeat(90)}`; // 100 bytes + newline

describe('rotating log file', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('log-file-');
  });
  afterEach(() => dir.remove());

  const read = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean);

  it('creates the folder and appends whole lines', () => {
    const logs = join(dir.path, 'logs');
    const f = createRotatingFile({ dir: logs });
    f.write('one');
    f.write('two');
    f.close();
    expect(read(join(logs, 'main.log'))).toEqual(['one', 'two']);
    // Reopening appends rather than truncating.
    const again = createRotatingFile({ dir: logs });
    again.write('three');
    again.close();
    expect(read(join(logs, 'main.log'))).toEqual(['one', 'two', 'three']);
  });

  it('rotates by size, keeps N old files, newest first, and drops the oldest', () => {
    const f = createRotatingFile({ dir: dir.path, maxBytes: 1024, keep: 2 });
    for (let i = 0; i < 40; i++) f.write(line(i)); // 101 bytes each: 10 lines a file
    f.close();
    const [current, first, second, third] = logFiles(dir.path, 'main', 3);
    expect(readdirSync(dir.path).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    expect(existsSync(third!)).toBe(false);
    for (const file of [current!, first!, second!]) expect(statSync(file).size).toBeLessThanOrEqual(1024);
    expect(read(current!)).toEqual(Array.from({ length: 10 }, (_, i) => line(30 + i)));
    expect(read(first!)[0]).toBe(line(20));
    expect(read(second!)[0]).toBe(line(10));
    // Nothing lost between the files that are kept, nothing duplicated.
    const all = [...read(second!), ...read(first!), ...read(current!)];
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => line(10 + i)));
  });

  it('counts what was already in the file when it opens', () => {
    writeFileSync(join(dir.path, 'main.log'), `${'y'.repeat(1000)}\n`);
    const f = createRotatingFile({ dir: dir.path, maxBytes: 1024, keep: 1 });
    f.write(line(1));
    f.close();
    expect(read(join(dir.path, 'main.log'))).toEqual([line(1)]);
    expect(read(join(dir.path, 'main.1.log'))[0]).toBe('y'.repeat(1000));
  });

  it('writes a line longer than the limit whole, into a file of its own', () => {
    const f = createRotatingFile({ dir: dir.path, maxBytes: 1024, keep: 1 });
    f.write('short');
    f.write('z'.repeat(3000));
    f.write('after');
    f.close();
    expect(read(join(dir.path, 'main.log'))).toEqual(['after']);
    expect(read(join(dir.path, 'main.1.log'))).toEqual(['z'.repeat(3000)]);
  });

  it('keep: 0 keeps only the current file', () => {
    const f = createRotatingFile({ dir: dir.path, maxBytes: 1024, keep: 0 });
    for (let i = 0; i < 25; i++) f.write(line(i));
    f.close();
    expect(readdirSync(dir.path)).toEqual(['main.log']);
    expect(read(join(dir.path, 'main.log'))[0]).toBe(line(20));
  });

  it('a folder it cannot write turns the file off once, without throwing', () => {
    if (process.platform === 'win32' || process.getuid?.() === 0) return; // root writes anywhere
    chmodSync(dir.path, 0o500);
    const errors: Error[] = [];
    const f = createRotatingFile({ dir: join(dir.path, 'logs'), onError: (e) => errors.push(e) });
    expect(() => {
      f.write('a');
      f.write('b');
    }).not.toThrow();
    expect(errors).toHaveLength(1);
    chmodSync(dir.path, 0o700);
  });

  it('a folder that is a file turns the log off once, without throwing', () => {
    const blocker = join(dir.path, 'logs');
    writeFileSync(blocker, 'not a folder');
    const errors: Error[] = [];
    const f = createRotatingFile({ dir: blocker, onError: (e) => errors.push(e) });
    f.write('a');
    f.write('b');
    expect(errors).toHaveLength(1);
  });

  it('the file is readable by its owner only', () => {
    if (process.platform === 'win32') return;
    const f = createRotatingFile({ dir: dir.path });
    f.write('a');
    f.close();
    expect(statSync(join(dir.path, 'main.log')).mode & 0o777).toBe(0o600);
  });
});

describe('file logger', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('file-logger-');
  });
  afterEach(() => dir.remove());

  it('writes redacted lines, never the secret', () => {
    const f = createRotatingFile({ dir: dir.path });
    const log = fileLogger(f, () => AT);
    log.info('signed in', { baseUrl: 'https://review.example.com', token: 'rd_live_abcdef123456' });
    log.error('request failed', { headers: { Authorization: 'Bearer rd_live_abcdef123456' }, status: 500 });
    f.close();
    const text = readFileSync(join(dir.path, 'main.log'), 'utf8');
    expect(text).not.toContain('rd_live_abcdef123456');
    expect(text.split('\n').filter(Boolean)).toEqual([
      '2026-11-21T12:00:00.000Z INFO  signed in {"baseUrl":"https://review.example.com","token":"[redacted]"}',
      '2026-11-21T12:00:00.000Z ERROR request failed {"headers":{"Authorization":"[redacted]"},"status":500}',
    ]);
  });

  it('tee: every sink gets the line, a throwing one does not stop the rest', () => {
    const a = recordingLogger();
    const broken: Logger = {
      info: () => {
        throw new Error('disk');
      },
      warn: () => {},
      error: () => {},
    };
    const b = recordingLogger();
    const log = teeLogger(a, broken, b);
    expect(() => log.info('hello', { n: 1 })).not.toThrow();
    expect(a.entries).toEqual([{ level: 'info', msg: 'hello', extra: { n: 1 } }]);
    expect(b.entries).toEqual(a.entries);
  });
});
