// Draws the app icon, resources/icon.png (512×512 RGBA), with no dependencies: a stylised chest radiograph — two lung
// fields either side of the spine on a dark rounded tile, with landmark dots. Run: node scripts/make-icon.mjs
// electron-builder derives the Windows .ico and macOS .icns from this file (directories.buildResources: resources).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 512;
const SS = 4; // supersampling per axis, for smooth edges

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1). Each returns true when the point is inside.
const roundedRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const ellipse = (x, y, cx, cy, rx, ry, angle = 0) => {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const dx = x - cx;
  const dy = y - cy;
  const u = (dx * c + dy * s) / rx;
  const v = (-dx * s + dy * c) / ry;
  return u * u + v * v <= 1;
};
const circle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const TILE = [18, 38, 66]; // deep blue
const LUNG = [214, 228, 240]; // radiolucent grey-white
const SPINE = [150, 170, 192];
const DOT = [255, 176, 32]; // amber landmarks
const LANDMARKS = [
  [0.31, 0.33], [0.26, 0.62], [0.4, 0.74], [0.69, 0.33], [0.74, 0.62], [0.6, 0.74], [0.5, 0.24],
];

function sample(x, y) {
  if (!roundedRect(x, y, 0.03, 0.03, 0.97, 0.97, 0.18)) return null;
  for (const [lx, ly] of LANDMARKS) if (circle(x, y, lx, ly, 0.028)) return DOT;
  if (circle(x, y, 0.5, 0.8, 0.07) === false) {
    if (ellipse(x, y, 0.335, 0.52, 0.135, 0.27, 0.12)) return LUNG;
    if (ellipse(x, y, 0.665, 0.52, 0.135, 0.27, -0.12)) return LUNG;
  }
  if (roundedRect(x, y, 0.475, 0.16, 0.525, 0.88, 0.02)) return SPINE;
  // Faint vertical gradient on the tile.
  const shade = 1 - 0.25 * y;
  return TILE.map((c) => c * shade);
}

export function drawIcon(size = SIZE) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const color = sample((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size);
          if (!color) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((255 * a) / (SS * SS));
    }
  }
  return encodePng(size, size, rgba);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icon.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, drawIcon());
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
