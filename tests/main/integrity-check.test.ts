import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection';
import { quickCheckInBackground } from '../../src/main/db/integrity-check';
import { tempDir } from '../support/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('the background integrity check', () => {
  it('finds a healthy cache healthy', async () => {
    const file = join(dir.path, 'cache.db');
    const db = openDatabase(file);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db.close();
    expect(await quickCheckInBackground(file).result).toBe('ok');
  });

  it('reports a file that is not a database', async () => {
    const file = join(dir.path, 'cache.db');
    writeFileSync(file, Buffer.alloc(8192, 7));
    expect(await quickCheckInBackground(file).result).toMatch(/SQLITE_NOTADB|not a database/);
  });

  it('can be stopped, and its worker is gone once stop() resolves (the folder can then be removed)', async () => {
    const file = join(dir.path, 'cache.db');
    openDatabase(file).close();
    const run = quickCheckInBackground(file);
    await run.stop();
    expect(await run.result).toBe('cancelled');
  });
});
