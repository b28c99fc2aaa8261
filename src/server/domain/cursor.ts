/**
 * Feed cursors: base64url of "<epoch>:<seq>". The epoch is random per
 * database, so a cursor from another server (or a wiped in-memory one) is
 * recognised as foreign instead of silently meaning something else.
 */
export interface CursorCodec {
  encode(seq: number): string;
  /** The seq, or undefined when the cursor is garbage or from another database. */
  decode(cursor: string): number | undefined;
}

const SHAPE = /^([0-9a-f]{8,32}):(\d{1,15})$/;

export function createCursorCodec(epoch: string): CursorCodec {
  return {
    encode: (seq) => Buffer.from(`${epoch}:${seq}`, 'utf8').toString('base64url'),
    decode(cursor) {
      if (cursor.length > 128 || !/^[A-Za-z0-9_-]+={0,2}$/.test(cursor)) return undefined;
      const m = SHAPE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!m || m[1] !== epoch) return undefined;
      return Number(m[2]);
    },
  };
}
