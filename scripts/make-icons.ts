// Draws the Teams app icons (color 192×192, outline 32×32 white on transparent) as PNG with
// node:zlib only, so the package needs no image tool. Run: npx tsx scripts/make-icons.ts
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A speech bubble with an exclamation mark: "report something". */
function glyph(x: number, y: number, size: number): boolean {
  const u = x / size;
  const v = y / size;
  const bubble = u > 0.18 && u < 0.82 && v > 0.2 && v < 0.68;
  const tail = v >= 0.68 && v < 0.82 && u > 0.3 && u < 0.3 + (0.82 - v) * 0.9;
  const bar = u > 0.46 && u < 0.54 && v > 0.28 && v < 0.52;
  const dot = u > 0.46 && u < 0.54 && v > 0.56 && v < 0.62;
  return (bubble || tail) && !(bar || dot);
}

writeFileSync(
  'appPackage/color.png',
  png(192, (x, y) => (glyph(x, y, 192) ? [255, 255, 255, 255] : [0, 92, 150, 255])),
);
writeFileSync(
  'appPackage/outline.png',
  png(32, (x, y) => (glyph(x, y, 32) ? [255, 255, 255, 255] : [0, 0, 0, 0])),
);
