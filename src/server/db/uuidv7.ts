import { randomFillSync } from 'node:crypto';

/**
 * Time-ordered UUIDs (RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits) for records
 * written in bulk. Random (v4) keys land on a random leaf of every index that leads with the id, so a
 * large import dirties (and, after each checkpoint, writes in full to the WAL) pages all over those
 * indexes; v7 keys of one import are adjacent and fill the same few pages instead.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const pool = Buffer.alloc(10 * 1024);
let at = pool.length;

export function uuidv7(now: number = Date.now()): string {
  if (at + 10 > pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const r = pool;
  const i = at;
  at += 10;
  const ms = Math.max(0, Math.floor(now));
  const hi = Math.floor(ms / 0x1000000); // top 24 bits of the 48-bit timestamp
  const lo = ms % 0x1000000; // low 24 bits
  return (
    HEX[(hi >>> 16) & 0xff]! +
    HEX[(hi >>> 8) & 0xff]! +
    HEX[hi & 0xff]! +
    HEX[(lo >>> 16) & 0xff]! +
    '-' +
    HEX[(lo >>> 8) & 0xff]! +
    HEX[lo & 0xff]! +
    '-' +
    HEX[0x70 | (r[i]! & 0x0f)]! +
    HEX[r[i + 1]!]! +
    '-' +
    HEX[0x80 | (r[i + 2]! & 0x3f)]! +
    HEX[r[i + 3]!]! +
    '-' +
    HEX[r[i + 4]!]! +
    HEX[r[i + 5]!]! +
    HEX[r[i + 6]!]! +
    HEX[r[i + 7]!]! +
    HEX[r[i + 8]!]! +
    HEX[r[i + 9]!]!
  );
}
