import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconPath } from '../../../src/main/desktop/tray';
import { TRAY_ICONS } from '../../../src/main/desktop/tray-model';

const ROOT = join(import.meta.dirname, '../../..');
const RES = join(ROOT, 'resources');

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('icons', () => {
  it('has every tray state for both panels, at the size each platform loads, with its @2x', () => {
    for (const icon of TRAY_ICONS) {
      for (const variant of ['light', 'dark'] as const) {
        for (const [platform, size] of [
          ['win32', 16],
          ['darwin', 16],
          ['linux', 32],
        ] as const) {
          const file = trayIconPath(RES, icon, variant, platform);
          expect(pngSize(file), file).toEqual([size, size]);
          expect(pngSize(file.replace(/\.png$/, '@2x.png'))).toEqual([size * 2, size * 2]);
        }
      }
    }
  });

  it('has the app icon for electron-builder (512 px or more) and the Linux set', () => {
    expect(pngSize(join(RES, 'icon.png'))).toEqual([1024, 1024]);
    for (const s of [16, 32, 48, 256, 512]) expect(pngSize(join(RES, 'icons', `${s}x${s}.png`))).toEqual([s, s]);
  });

  it('matches what scripts/make-icons.mjs draws', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts/make-icons.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  });
});
