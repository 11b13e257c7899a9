// Timestamps in the SSO cache files. The AWS CLI writes `%Y-%m-%dT%H:%M:%SZ`; the JS SDK
// writes toISOString() (with milliseconds); CLI builds before December 2020 wrote
// `2002-10-18T03:52:38UTC`, which `new Date()` rejects. Read all three, write the first.

/** Parses a cache timestamp to epoch ms, or null when it is not one. */
export function parseCacheTimestamp(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  // Only ISO-like forms: Date.parse accepts far too much ("1", "May 5") to be trusted alone.
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|UTC|[+-]\d{2}:?\d{2})$/.exec(text);
  if (!match) return null;
  const zone = match[8] === 'UTC' ? 'Z' : match[8]!;
  const normalised = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${match[7] ?? ''}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const epoch = Date.parse(normalised);
  return Number.isNaN(epoch) ? null : epoch;
}

/** Formats epoch ms the way the AWS CLI does: UTC, whole seconds, trailing Z. */
export function formatCacheTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
