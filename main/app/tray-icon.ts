// Tray icons drawn in code (one shape per state), so the app ships no binary assets
// and the icon can follow the worst state of the sessions and contexts.
import { deflateSync } from 'node:zlib';

export type TrayIconState = 'ok' | 'expiring' | 'expired' | 'error' | 'idle';

const COLOURS: Record<TrayIconState, readonly [number, number, number]> = {
  ok: [46, 160, 67],
  expiring: [219, 154, 4],
  expired: [207, 34, 46],
  error: [207, 34, 46],
  idle: [110, 118, 129],
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * How much of pixel (x, y) the state's shape covers, from 0 to 1. Each state has its own shape,
 * not only a colour: macOS template images are drawn in one colour, and colour alone fails
 * colour-blind users.
 */
function shapeCoverage(state: TrayIconState, x: number, y: number, size: number): number {
  const centre = (size - 1) / 2;
  const radius = size * 0.42;
  const ring = Math.max(1, size * 0.1);
  const distance = Math.hypot(x - centre, y - centre);
  const disc = clamp(radius - distance + 0.5);
  const hollow = clamp(distance - (radius - ring) + 0.5);
  switch (state) {
    case 'ok':
      return disc;
    case 'expiring':
      // Half full: the left half filled, the right half an outline.
      return x <= centre ? disc : disc * hollow;
    case 'expired':
      return disc * hollow;
    case 'error': {
      // An outline crossed by a diagonal bar.
      const bar = clamp(ring / 2 - Math.abs(x - centre - (y - centre)) / Math.SQRT2 + 0.5);
      return Math.max(disc * hollow, distance <= radius ? bar : 0);
    }
    case 'idle':
      return Math.max(disc * hollow, clamp(radius * 0.3 - distance + 0.5));
  }
}

function clamp(value: number): number {
  return Math.max(0, Math.min(1, value));
}

/** A size×size RGBA PNG of the state's shape; `template` draws it black for macOS template images. */
export function trayIconPng(state: TrayIconState, size = 32, template = false): Buffer {
  const [red, green, blue] = template ? [0, 0, 0] : COLOURS[state];
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA pixels
    for (let x = 0; x < size; x++) {
      row.set([red, green, blue, Math.round(shapeCoverage(state, x, y, size) * 255)], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
