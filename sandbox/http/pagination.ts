// Opaque next tokens over an ordered list, and page-size checks. Tokens encode an offset and a
// tag for the listing, so a token from one listing is rejected by another.
import { createHash } from 'node:crypto';

export class PageError extends Error {}

function tag(listing: string): string {
  return createHash('sha1').update(listing).digest('base64url').slice(0, 8);
}

export function pageOf<T>(items: readonly T[], listing: string, nextToken: string | undefined, maxResults: number): { page: T[]; nextToken?: string } {
  let offset = 0;
  // The first page of a listing that fits in one page needs no token at all.
  if (!nextToken && items.length <= maxResults) return { page: items.slice() };
  if (nextToken) {
    const [marker, position] = Buffer.from(nextToken, 'base64url').toString('utf8').split(':');
    offset = Number(position);
    if (marker !== tag(listing) || !Number.isInteger(offset) || offset < 0 || offset > items.length) throw new PageError('The pagination token is invalid');
  }
  const end = offset + maxResults;
  const page = items.slice(offset, end);
  if (end >= items.length) return { page };
  return { page, nextToken: Buffer.from(`${tag(listing)}:${end}`).toString('base64url') };
}

/** Parses a max-results value; undefined means the default; throws PageError when out of range. */
export function pageSize(raw: string | number | undefined, fallback: number, min = 1, max = 100): number {
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new PageError(`maxResults must be between ${min} and ${max}`);
  return value;
}
