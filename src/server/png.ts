/**
 * Small PNG images built in code (no asset files, so bundlers need nothing
 * extra): a coloured page with a border and darker "text lines", enough for a
 * reviewer to see that an attachment is there and for clients to cache it.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export function parseHexColor(hex: string): Rgb | undefined {
  if (!/^[0-9a-fA-F]{6}$/.test(hex)) return undefined;
  const n = parseInt(hex, 16);
  return { r: (n >> 16) & 0xff, g: (n >> 8) & 0xff, b: n & 0xff };
}

/** An 8-bit RGB PNG of `width`×`height` in `color`, with a border and line marks. */
export function renderPng(width: number, height: number, color: Rgb): Buffer {
  const dark = { r: color.r >> 1, g: color.g >> 1, b: color.b >> 1 };
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    const lineRow = y > 8 && y < height - 8 && y % 10 < 3;
    // Lines end at different lengths so the picture reads as text.
    const lineEnd = Math.floor(width * (0.55 + ((y * 37) % 40) / 100));
    for (let x = 0; x < width; x++) {
      const border = x < 3 || y < 3 || x >= width - 3 || y >= height - 3;
      const mark = lineRow && x > 8 && x < lineEnd;
      const c = border || mark ? dark : color;
      const o = y * stride + 1 + x * 3;
      raw[o] = c.r;
      raw[o + 1] = c.g;
      raw[o + 2] = c.b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
