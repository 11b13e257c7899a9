// A small block-style YAML emitter for our own entries: strings, string lists, and maps and
// lists of them (plus the odd number, boolean or null a user may have set on our context).
// Much faster than building `yaml` nodes, and its output reads back to the same data with
// the `yaml` library, kubectl's YAML 1.1 reader, and the fast path's own line check.
import { NotUnderstood } from './editable.js';

// Scalars that YAML 1.1 (kubectl) or 1.2 (`yaml`) would read as something other than a string.
const KEYWORD = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
// Plain only with characters that mean nothing to YAML, no spaces, and a safe first character:
// not a digit, sign or dot (numbers, timestamps, .inf), not an indicator. `:` never ends it.
const SAFE_PLAIN = /^(?:[A-Za-z_/]|-[A-Za-z_/-])[A-Za-z0-9_./@+=-]*(?::+[A-Za-z0-9_./@+=-]+)*$/;
// JSON leaves these raw; YAML wants them escaped (not printable, or line breaks in YAML 1.1).
const UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

function quoteIfNeeded(value: string): string {
  if (SAFE_PLAIN.test(value) && !KEYWORD.test(value)) return value;
  // A JSON string is a valid YAML double-quoted scalar with the same value.
  return JSON.stringify(value).replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Keys, flags, regions, account ids and commands repeat across thousands of entries.
const emitted = new Map<string, string>();

export function emitString(value: string): string {
  if (value.length > 100) return quoteIfNeeded(value);
  let text = emitted.get(value);
  if (text === undefined) {
    if (emitted.size >= 20_000) emitted.clear();
    text = quoteIfNeeded(value);
    emitted.set(value, text);
  }
  return text;
}

const pads: string[] = [];
const pad = (column: number): string => (pads[column] ??= ' '.repeat(column));

function emitScalar(value: unknown): string {
  if (typeof value === 'string') return emitString(value);
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  throw new NotUnderstood(`cannot emit a ${typeof value}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `key: value` lines of a mapping whose keys start at `column`. */
function emitMapping(map: Record<string, unknown>, column: number, sequenceOffset: number, out: string[]): void {
  const indent = pad(column);
  for (const key of Object.keys(map)) {
    const value = map[key];
    const head = `${indent}${emitString(key)}:`;
    if (Array.isArray(value) && value.length > 0) {
      out.push(`${head}\n`);
      emitSequence(value, column + sequenceOffset, sequenceOffset, out);
    } else if (isRecord(value) && Object.keys(value).length > 0) {
      out.push(`${head}\n`);
      emitMapping(value, column + 2, sequenceOffset, out);
    } else if (Array.isArray(value)) {
      out.push(`${head} []\n`);
    } else if (isRecord(value)) {
      out.push(`${head} {}\n`);
    } else {
      out.push(`${head} ${emitScalar(value)}\n`);
    }
  }
}

/** `- item` lines of a sequence whose dashes are at `column`. */
function emitSequence(items: unknown[], column: number, sequenceOffset: number, out: string[]): void {
  const indent = pad(column);
  for (const item of items) {
    if (isRecord(item) && Object.keys(item).length > 0) {
      // The mapping's first key shares the dash's line: `- name: …`.
      const start = out.length;
      emitMapping(item, column + 2, sequenceOffset, out);
      out[start] = `${indent}- ${out[start]!.slice(column + 2)}`;
    } else if (Array.isArray(item)) {
      if (item.length > 0) throw new NotUnderstood('cannot emit a list inside a list');
      out.push(`${indent}- []\n`);
    } else if (isRecord(item)) {
      out.push(`${indent}- {}\n`);
    } else {
      out.push(`${indent}- ${emitScalar(item)}\n`);
    }
  }
}

/**
 * One section item, `- name: …` then its body, with the dash at `column`. Lists inside it are
 * indented as the section's own list is: at their key's column when the section's dash is at
 * column 0 (kubectl's style), two spaces in otherwise (the `yaml` library's).
 */
export function emitItem(column: number, name: string, bodyKey: string, body: Record<string, unknown>): string {
  const out: string[] = [];
  emitSequence([{ name, [bodyKey]: body }], column, column === 0 ? 0 : 2, out);
  return out.join('');
}

/** A top-level `key: value` line. */
export function emitTopLevel(key: string, value: string): string {
  return `${emitString(key)}: ${emitString(value)}\n`;
}
