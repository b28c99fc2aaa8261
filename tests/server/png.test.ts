/** The PNGs the server draws for demo attachments. */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { imageName, parseImageName, signFile, verifyFileSignature } from '../../src/server/domain/files';
import { crc32, parseHexColor, renderPng } from '../../src/server/png';

function chunks(png: Buffer): { type: string; data: Buffer; crc: number }[] {
  const out: { type: string; data: Buffer; crc: number }[] = [];
  let o = 8;
  while (o < png.length) {
    const len = png.readUInt32BE(o);
    const type = png.subarray(o + 4, o + 8).toString('ascii');
    out.push({ type, data: png.subarray(o + 8, o + 8 + len), crc: png.readUInt32BE(o + 8 + len) });
    o += 12 + len;
  }
  return out;
}

describe('png', () => {
  it('crc32 matches the reference value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('renders a well-formed RGB image of the requested size', () => {
    const png = renderPng(40, 30, { r: 200, g: 100, b: 50 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const cs = chunks(png);
    expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const c of cs) expect(crc32(Buffer.concat([Buffer.from(c.type, 'ascii'), c.data]))).toBe(c.crc);
    const ihdr = cs[0]?.data;
    if (!ihdr) throw new Error('no IHDR');
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([40, 30, 8, 2]);
    const raw = inflateSync(cs[1]?.data ?? Buffer.alloc(0));
    expect(raw.length).toBe(30 * (40 * 3 + 1));
    // A pixel away from the border and the line marks has the colour itself; the corner is darker.
    const inside = 5 * (40 * 3 + 1) + 1 + 5 * 3;
    expect([raw[inside], raw[inside + 1], raw[inside + 2]]).toEqual([200, 100, 50]);
    expect([raw[1], raw[2], raw[3]]).toEqual([100, 50, 25]);
  });

  it('is deterministic', () => {
    expect(renderPng(16, 16, { r: 1, g: 2, b: 3 }).equals(renderPng(16, 16, { r: 1, g: 2, b: 3 }))).toBe(true);
  });

  it('parses colours', () => {
    expect(parseHexColor('ff8000')).toEqual({ r: 255, g: 128, b: 0 });
    expect(parseHexColor('#ff8000')).toBeUndefined();
  });
});

describe('file names and signatures', () => {
  it('round-trips names and bounds their size', () => {
    const spec = { label: 'receipt', color: 'f4e3c1', width: 120, height: 160 };
    expect(parseImageName(imageName(spec))).toEqual(spec);
    expect(parseImageName('receipt-f4e3c1-999x10.png')).toBeUndefined();
    expect(parseImageName('../etc/passwd')).toBeUndefined();
  });

  it('signatures depend on the secret and the name', () => {
    const sig = signFile('secret', 'a-ffffff-10x10.png');
    expect(verifyFileSignature('secret', 'a-ffffff-10x10.png', sig)).toBe(true);
    expect(verifyFileSignature('other', 'a-ffffff-10x10.png', sig)).toBe(false);
    expect(verifyFileSignature('secret', 'b-ffffff-10x10.png', sig)).toBe(false);
    expect(verifyFileSignature('secret', 'a-ffffff-10x10.png', null)).toBe(false);
  });
});
