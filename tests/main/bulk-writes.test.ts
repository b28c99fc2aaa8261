/**
 * The queue of a first sync's new rows (bulk-writes.ts): batches of a
 * thousand rows in feed order, the counts per status summed per batch, the
 * cursor committed with the rows before it, and a worker that fails never
 * costs a row: its batch and all after it are written here instead.
 */
import { describe, expect, it } from 'vitest';
import { NEW_ROW_COUNT, type RowWrite } from '../../src/main/db/assignments.repo';
import { SET_STATE, createBulkWrites, writesOf, type SealedBatch } from '../../src/main/db/bulk-writes';
import { recordingLogger } from '../../src/main/log';
import { queueRow } from '../support/queue-row';

/** A row's writes as the repository gives them: the row itself, then its status counted. */
const rowWrites = (id: number, status = 'pending'): RowWrite[] => [
  [0, id, `row ${id}`],
  [NEW_ROW_COUNT, status, 1],
];

/** A worker stand-in: records each batch, answers after a turn of the event loop. */
function fakeWorker(answer: (batch: SealedBatch, n: number) => string = () => 'ok') {
  const batches: SealedBatch[] = [];
  /** The batches it answered 'ok', in the order it wrote them. */
  const written: SealedBatch[] = [];
  let inFlight = 0;
  let most = 0;
  return {
    batches,
    written,
    get mostInFlight() {
      return most;
    },
    send(batch: SealedBatch) {
      batches.push(batch);
      most = Math.max(most, ++inFlight);
      return new Promise<string>((resolve) =>
        setTimeout(() => {
          inFlight--;
          const result = answer(batch, batches.indexOf(batch) + 1);
          if (result === 'ok') written.push(batch);
          resolve(result);
        }, 1),
      );
    },
  };
}

/** A batch's writes as [statement, ...params], as the worker runs them. */
const writesIn = (batch: SealedBatch) => writesOf(batch).map(([statement, params]) => [statement, ...params]);
const idsOf = (batch: SealedBatch) =>
  writesIn(batch)
    .filter((w) => w[0] === 0)
    .map((w) => w[1]);

describe('the bulk writes queue', () => {
  it('hands the worker a thousand rows a batch, in order, the next while it writes one, the cursor after its rows', async () => {
    const worker = fakeWorker();
    const q = createBulkWrites(worker.send, () => expect.unreachable('nothing is written here'), recordingLogger());
    for (let id = 1; id <= 2500; id++) {
      await q.room();
      queueRow(q, id, rowWrites(id, id % 2 ? 'pending' : 'done'));
      q.flush();
    }
    q.state('cursor', 'c-2500');
    await q.drain();

    expect(worker.batches.map((b) => idsOf(b).length)).toEqual([1000, 1000, 500]);
    expect(worker.batches.flatMap(idsOf)).toEqual(Array.from({ length: 2500 }, (_, k) => k + 1));
    expect(worker.mostInFlight).toBe(2);
    // One count per status per batch, summing its rows.
    const counts = writesIn(worker.batches[0]!).filter((w) => w[0] === NEW_ROW_COUNT);
    expect(counts.sort()).toEqual([
      [NEW_ROW_COUNT, 'done', 500],
      [NEW_ROW_COUNT, 'pending', 500],
    ]);
    const last = writesIn(worker.batches[2]!);
    expect(last.findIndex((w) => w[0] === SET_STATE)).toBeGreaterThan(last.findLastIndex((w) => w[0] === 0));
    expect(last.find((w) => w[0] === SET_STATE)).toEqual([SET_STATE, 'cursor', 'c-2500']);
  });

  it('sends byte parameters copied into one buffer per batch, each write naming its place in it', async () => {
    const worker = fakeWorker();
    const q = createBulkWrites(worker.send, () => expect.unreachable('nothing is written here'), recordingLogger());
    // Views of one large page, as the feed's spans are: only their own bytes may travel.
    const page = new TextEncoder().encode('x'.repeat(10_000) + '{"id":1,"t":"é"}{"id":2}');
    const first = page.subarray(10_000, page.length - 8);
    const second = page.subarray(page.length - 8);
    queueRow(
      q,
      1,
      [
        [0, 1, 'plain'],
        [1, 1, first],
        [NEW_ROW_COUNT, 'pending', 1],
      ],
      page,
    );
    queueRow(
      q,
      2,
      [
        [1, 2, second],
        [NEW_ROW_COUNT, 'pending', 1],
      ],
      page,
    );
    await q.drain();

    const [batch] = worker.batches;
    expect(batch!.bytes!.length).toBe(first.length + second.length);
    const text = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v);
    expect(writesIn(batch!).map((w) => w.map(text))).toEqual([
      [0, 1, 'plain'],
      [1, 1, '{"id":1,"t":"é"}'],
      [1, 2, '{"id":2}'],
      [NEW_ROW_COUNT, 'pending', 2],
    ]);
  });

  it('knows which ids it has queued', () => {
    const q = createBulkWrites(fakeWorker().send, () => {}, recordingLogger());
    queueRow(q, 7, rowWrites(7));
    expect(q.queued(7)).toBe(true);
    expect(q.queued(8)).toBe(false);
  });

  it('writes a batch the worker could not, and every one after it, here, in order', async () => {
    // As the real worker does: after its first failure it writes nothing more.
    const worker = fakeWorker((_b, n) =>
      n === 2 ? 'SQLITE_IOERR: disk I/O error' : n > 2 ? 'not written after an earlier failure' : 'ok',
    );
    const here: SealedBatch[] = [];
    const log = recordingLogger();
    const q = createBulkWrites(worker.send, (b) => here.push(b), log);
    for (let id = 1; id <= 3500; id++) {
      await q.room();
      queueRow(q, id, rowWrites(id));
      q.flush();
    }
    await q.drain();

    // The second failed: at most the one sent while it was writing followed it, and nothing after.
    expect(worker.batches.length).toBeLessThanOrEqual(3);
    expect(worker.written).toHaveLength(1);
    const written = [...worker.written.flatMap(idsOf), ...here.flatMap(idsOf)];
    expect(written).toEqual(Array.from({ length: 3500 }, (_, k) => k + 1));
    expect(log.entries.some((e) => e.level === 'warn' && JSON.stringify(e).includes('SQLITE_IOERR'))).toBe(true);
  });

  it('rejects drain() and room() when a batch cannot be written anywhere', async () => {
    const q = createBulkWrites(
      async () => 'worker gone',
      () => {
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
      recordingLogger(),
    );
    queueRow(q, 1, rowWrites(1));
    await expect(q.drain()).rejects.toThrow(/disk is full/);
    await expect(q.room()).rejects.toThrow(/disk is full/);
  });
});
