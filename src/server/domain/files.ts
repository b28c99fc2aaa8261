/**
 * The server's own attachments. A file's name says how to draw it
 * (`<label>-<rrggbb>-<w>x<h>.png`), so nothing is stored; its URL carries an
 * HMAC signature like a presigned object-store URL and needs no token.
 */
import { createHash, createHmac } from 'node:crypto';
import type { FileRef } from '../../shared/protocol';
import { parseHexColor, renderPng } from '../png';

/** Stands for the server's base URL inside stored documents (see http/reply.ts). */
export const BASE_URL_PLACEHOLDER = 'reviewdesk-base:';

const NAME = /^([a-z0-9][a-z0-9-]{0,60})-([0-9a-f]{6})-(\d{1,3})x(\d{1,3})\.png$/;
export const MAX_SIDE = 512;

export interface ImageSpec {
  label: string;
  color: string;
  width: number;
  height: number;
}

export function imageName(spec: ImageSpec): string {
  return `${spec.label}-${spec.color}-${spec.width}x${spec.height}.png`;
}

export function parseImageName(name: string): ImageSpec | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const width = Number(m[3]);
  const height = Number(m[4]);
  if (width < 8 || height < 8 || width > MAX_SIDE || height > MAX_SIDE) return undefined;
  return { label: m[1] ?? '', color: m[2] ?? '', width, height };
}

export function signFile(secret: string, name: string): string {
  return createHmac('sha256', secret).update(name).digest('base64url').slice(0, 22);
}

export function verifyFileSignature(secret: string, name: string, sig: string | null): boolean {
  return sig !== null && sig === signFile(secret, name);
}

const cache = new Map<string, { bytes: Buffer; sha256: string }>();

/** The PNG for a valid name, memoized (the demo reuses a few dozen images). */
export function imageBytes(spec: ImageSpec): { bytes: Buffer; sha256: string } {
  const name = imageName(spec);
  const hit = cache.get(name);
  if (hit) return hit;
  const color = parseHexColor(spec.color) ?? { r: 200, g: 200, b: 200 };
  const bytes = renderPng(spec.width, spec.height, color);
  const entry = { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  if (cache.size < 256) cache.set(name, entry);
  return entry;
}

const refs = new Map<string, FileRef>();

/**
 * A FileRef whose URL resolves against whichever port the server listens on.
 * Memoized: the demo generator asks for the same few images 100k times.
 */
export function imageRef(secret: string, spec: ImageSpec): FileRef {
  const name = imageName(spec);
  const key = `${secret}\u0000${name}`;
  const hit = refs.get(key);
  if (hit) return { ...hit };
  const { bytes, sha256 } = imageBytes(spec);
  const ref: FileRef = {
    url: `${BASE_URL_PLACEHOLDER}/files/${name}?sig=${signFile(secret, name)}`,
    mime: 'image/png',
    size: bytes.length,
    sha256,
  };
  if (refs.size < 1024) refs.set(key, ref);
  return { ...ref };
}
