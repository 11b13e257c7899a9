// Random identifiers and secrets in the shapes AWS uses, so clients that check lengths or
// prefixes accept them.
import { randomBytes, randomInt } from 'node:crypto';

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function accessKeyId(): string {
  let id = 'ASIA';
  for (let index = 0; index < 16; index++) id += base32[randomInt(base32.length)];
  return id;
}

export function secretAccessKey(): string {
  return randomBytes(30).toString('base64').slice(0, 40);
}

/** XXXX-XXXX from letters that are hard to misread, like Identity Center's codes. */
export function userCode(): string {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  const pick = () => Array.from({ length: 4 }, () => letters[randomInt(letters.length)]).join('');
  return `${pick()}-${pick()}`;
}

// Request ids only need to be unique, not secret: a random per-process prefix and a counter
// keep them UUID-shaped without a crypto call on every request.
const requestIdPrefix = randomBytes(10).toString('hex');
let requestCounter = 0;

export function requestId(): string {
  const counter = (requestCounter++ % 0x1000000000000).toString(16).padStart(12, '0');
  return `${requestIdPrefix.slice(0, 8)}-${requestIdPrefix.slice(8, 12)}-${requestIdPrefix.slice(12, 16)}-${requestIdPrefix.slice(16, 20)}-${counter}`;
}
