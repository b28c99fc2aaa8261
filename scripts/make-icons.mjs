#!/usr/bin/env node
// Draws every icon the app ships from ONE description (the GLYPH below): the
// tray states for light and dark panels, and the app icon in the sizes
// electron-builder and Linux desktops want. Pure Node: shapes are signed
// distance functions, anti-aliased by their distance to the pixel centre, and
// written by a small PNG encoder over node:zlib. Deterministic, so the PNGs are
// committed and `--check` tells whether they still match this file.
//
//   node scripts/make-icons.mjs          write resources/tray/*.png, resources/icon.png, resources/icons/*.png
//   node scripts/make-icons.mjs --check  exit 1 if a committed PNG differs from what this draws
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { Buffer } from 'node:buffer';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'resources');

// ---------------------------------------------------------------- the one source: a 16-unit grid

/** A review card with a check mark cut out of it. Tray sizes draw it as is; the app icon puts it on a tile. */
const GLYPH = {
  card: { x0: 2, y0: 1, x1: 14, y1: 15, r: 2.5 },
  // Up and to the left of centre, clear of the badge corner.
  check: [
    [4, 7.4],
    [6.3, 9.7],
    [10.6, 4.5],
  ],
  checkWidth: 1.9,
  // Status badges sit in the bottom-right corner, with a gap cut around them so they read at 16 px.
  badge: { cx: 12, cy: 12, r: 3.6, gap: 1.2 },
};

const PALETTE = {
  // A light glyph for dark panels, a dark glyph for light ones; badge colours chosen for contrast on each.
  dark: { glyph: '#f4f5f7', newWork: '#5aa9ff', syncing: '#3dd68c', attention: '#ff5c5c', offline: '#b8bcc4', mark: '#ffffff' },
  light: { glyph: '#1f2328', newWork: '#1a6fe0', syncing: '#0f9a5f', attention: '#d93025', offline: '#5f6368', mark: '#ffffff' },
};

// ---------------------------------------------------------------- shapes as signed distances (negative inside)

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
function roundRect({ x0, y0, x1, y1, r }) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hw = (x1 - x0) / 2 - r;
  const hh = (y1 - y0) / 2 - r;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hw;
    const qy = Math.abs(y - cy) - hh;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}
function segment(ax, ay, bx, by, w) {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) - w / 2;
  };
}
const polyline = (pts, w) => {
  const segs = pts.slice(1).map((p, i) => segment(pts[i][0], pts[i][1], p[0], p[1], w));
  return (x, y) => {
    let d = Infinity;
    for (const s of segs) d = Math.min(d, s(x, y));
    return d;
  };
};
/** A ring from angle a0 to a1 (degrees, clockwise from 3 o'clock) with round ends. */
function arc(cx, cy, r, w, a0, a1) {
  const rad = (a) => (a * Math.PI) / 180;
  const end = (a) => circle(cx + r * Math.cos(rad(a)), cy + r * Math.sin(rad(a)), w / 2);
  const e0 = end(a0);
  const e1 = end(a1);
  return (x, y) => {
    let a = (Math.atan2(y - cy, x - cx) * 180) / Math.PI;
    if (a < a0) a += 360;
    if (a <= a1) return Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
    return Math.min(e0(x, y), e1(x, y));
  };
}
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;

// ---------------------------------------------------------------- scenes: lists of paint / erase layers

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * Math.max(0, Math.min(1, t)));
const hex = (h, alpha = 1) => [
  parseInt(h.slice(1, 3), 16) / 255,
  parseInt(h.slice(3, 5), 16) / 255,
  parseInt(h.slice(5, 7), 16) / 255,
  alpha,
];
const paint = (shape, color) => ({ shape, color });
const erase = (shape) => ({ shape, erase: true });

function trayScene(state, variant) {
  const p = PALETTE[variant];
  const { cx, cy, r, gap } = GLYPH.badge;
  const dim = state === 'offline' ? 0.5 : 1;
  const layers = [paint(roundRect(GLYPH.card), hex(p.glyph, dim)), erase(polyline(GLYPH.check, GLYPH.checkWidth))];
  if (state === 'idle') return layers;
  layers.push(erase(circle(cx, cy, r + gap)));
  if (state === 'new-work') layers.push(paint(circle(cx, cy, r), hex(p.newWork)));
  if (state === 'syncing') {
    // An open ring, like a spinner: an arrow head does not survive 16 px.
    layers.push(paint(arc(cx, cy, r - 0.9, 1.8, -30, 240), hex(p.syncing)));
  }
  if (state === 'offline') {
    layers.push(paint(ring(cx, cy, r - 0.75, 1.5), hex(p.offline)));
    layers.push(paint(segment(cx - 2.1, cy + 2.1, cx + 2.1, cy - 2.1, 1.5), hex(p.offline)));
  }
  if (state === 'attention') {
    layers.push(paint(circle(cx, cy, r + 0.3), hex(p.attention)));
    layers.push(paint(segment(cx, cy - 2.1, cx, cy + 0.4, 1.4), hex(p.mark)));
    layers.push(paint(circle(cx, cy + 2.1, 0.8), hex(p.mark)));
  }
  return layers;
}

/** The app icon: the same card on a tile, inset like macOS' icon grid (824 of 1024 units). */
function appScene() {
  const tile = { x0: 1.55, y0: 1.55, x1: 14.45, y1: 14.45, r: 2.9 };
  // The glyph scaled to 62 % around the tile's centre.
  const k = 0.62;
  const t = (v) => 8 + (v - 8) * k;
  const c = GLYPH.card;
  const card = { x0: t(c.x0), y0: t(c.y0), x1: t(c.x1), y1: t(c.y1), r: c.r * k };
  // The big card has room for two "text" lines above the check, which moves down to make way.
  const check = GLYPH.check.map(([x, y]) => [t(x + 0.6), t(y + 2.2)]);
  const lines = [segment(t(4.4), t(3.4), t(11.6), t(3.4), 0.55), segment(t(4.4), t(5.1), t(8.6), t(5.1), 0.55)];
  // Lighter at the top, as if lit from above.
  const tileColor = (_x, y) => mix(hex('#5b55f2'), hex('#3a31b5'), (y - tile.y0) / (tile.y1 - tile.y0));
  return [
    paint(roundRect(tile), tileColor),
    paint(roundRect(card), hex('#ffffff')),
    ...lines.map((l) => paint(l, hex('#c7d2fe'))),
    paint(polyline(check, GLYPH.checkWidth * k * 1.1), hex('#4338ca')),
  ];
}

// ---------------------------------------------------------------- rasterizer and PNG encoder

/** Premultiplied RGBA floats; each layer's coverage is its distance to the pixel centre, clamped to one pixel. */
function render(layers, size) {
  const px = new Float64Array(size * size * 4);
  const scale = 16 / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) * scale;
      const v = (y + 0.5) * scale;
      const o = (y * size + x) * 4;
      for (const layer of layers) {
        const cov = Math.max(0, Math.min(1, 0.5 - layer.shape(u, v) / scale));
        if (cov === 0) continue;
        if (layer.erase) {
          for (let c = 0; c < 4; c++) px[o + c] *= 1 - cov;
        } else {
          const color = typeof layer.color === 'function' ? layer.color(u, v) : layer.color;
          const a = cov * color[3];
          for (let c = 0; c < 3; c++) px[o + c] = color[c] * a + px[o + c] * (1 - a);
          px[o + 3] = a + px[o + 3] * (1 - a);
        }
      }
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** 8-bit RGBA, straight alpha, no filtering: tiny flat icons compress well without it. */
function encodePng(px, size, height = size) {
  const stride = size * 4 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const a = px[i + 3];
      const o = y * stride + 1 + x * 4;
      for (let c = 0; c < 3; c++) raw[o + c] = a > 0 ? Math.round(Math.min(1, px[i + c] / a) * 255) : 0;
      raw[o + 3] = Math.round(a * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- what gets written

const STATES = ['idle', 'new-work', 'syncing', 'offline', 'attention'];
const VARIANTS = ['light', 'dark'];
const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function* targets() {
  for (const state of STATES) {
    for (const variant of VARIANTS) {
      const scene = trayScene(state, variant);
      // name.png + name@2x.png: Electron picks the @2x one on high-DPI screens by itself.
      for (const [suffix, size] of [
        ['', 16],
        ['@2x', 32],
        ['-32', 32],
        ['-32@2x', 64],
      ]) {
        yield { file: join(OUT, 'tray', `${state}-${variant}${suffix}.png`), scene, size };
      }
    }
  }
  const app = appScene();
  // electron-builder makes .icns and .ico from icon.png (it wants 512 px or more); Linux takes the icons/ set.
  yield { file: join(OUT, 'icon.png'), scene: app, size: 1024 };
  for (const size of APP_SIZES) yield { file: join(OUT, 'icons', `${size}x${size}.png`), scene: app, size };
}

/** `--preview FILE`: every tray state at 16/32/64 px, blown up to 128 px on a light and a dark panel, for eyes. */
function preview(file) {
  const cell = 144;
  const sizes = [16, 32, 64];
  const width = cell * sizes.length * 2;
  const sheet = new Float64Array(width * cell * STATES.length * 4);
  STATES.forEach((state, row) =>
    VARIANTS.forEach((variant, vi) =>
      sizes.forEach((size, si) => {
        const px = render(trayScene(state, variant), size);
        const bg = hex(variant === 'light' ? '#e8e8e8' : '#262626');
        const k = 128 / size;
        const x0 = (vi * sizes.length + si) * cell;
        for (let y = 0; y < cell; y++) {
          for (let x = 0; x < cell; x++) {
            const [sx, sy] = [Math.floor((x - 8) / k), Math.floor((y - 8) / k)];
            const inside = sx >= 0 && sy >= 0 && sx < size && sy < size;
            const i = (sy * size + sx) * 4;
            const o = ((row * cell + y) * width + x0 + x) * 4;
            const a = inside ? px[i + 3] : 0;
            for (let c = 0; c < 3; c++) sheet[o + c] = (inside ? px[i + c] : 0) + bg[c] * (1 - a);
            sheet[o + 3] = 1;
          }
        }
      }),
    ),
  );
  writeFileSync(file, encodePng(sheet, width, cell * STATES.length));
  console.log(`wrote ${file}`);
}

const previewAt = process.argv.indexOf('--preview');
if (previewAt > 0) {
  preview(process.argv[previewAt + 1] ?? 'icons-preview.png');
  process.exit(0);
}
const check = process.argv.includes('--check');
let stale = 0;
let written = 0;
// icon.png and icons/1024x1024.png are the same picture: draw each scene once per size.
const drawn = new Map();
for (const { file, scene, size } of targets()) {
  if (!drawn.has(scene)) drawn.set(scene, new Map());
  const sizes = drawn.get(scene);
  if (!sizes.has(size)) sizes.set(size, encodePng(render(scene, size), size));
  const png = sizes.get(size);
  if (check) {
    if (!existsSync(file) || !readFileSync(file).equals(png)) {
      console.error(`out of date: ${relative(ROOT, file)}`);
      stale++;
    }
    continue;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, png);
  written++;
}
if (check) {
  if (stale > 0) {
    console.error(`${stale} icon(s) differ from scripts/make-icons.mjs: run \`node scripts/make-icons.mjs\``);
    process.exit(1);
  }
  console.log('icons are up to date');
} else {
  console.log(`wrote ${written} icons under ${relative(ROOT, OUT)}/`);
}
