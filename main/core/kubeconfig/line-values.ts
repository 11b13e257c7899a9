// The one-line values of the block-style YAML subset the fast path reads (layout.ts and
// read-item.ts): a mapping key line, and the scalar or flow collection after `key: ` or `- `.
// What is not clearly inside the subset is reported as such, never guessed: the caller then
// leaves the file to the `yaml` library.
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';

/** A plain mapping key on its own line: `key:` or `key: value`. */
export const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./-]{0,250}):(?: +(.*))?$/;
const DOUBLE_QUOTED = /^"((?:[^"\\]|\\.)*)"(?: *| +#.*)$/;
const VALID_ESCAPES = /^(?:[^\\]|\\(?:[0abtnvfre "/\\N_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*$/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'(?: *| +#.*)$/;
// First characters a plain scalar may not have here (YAML indicators; `-` only before a space).
const INDICATOR = /^[,[\]{}#&*!|>'"%@`?:]/;
const NULL_PLAIN = /^(?:null|Null|NULL|~)$/;
const CORE_KEYWORD = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
// Plain scalars that cannot be a number, boolean or null in the `yaml` library's core schema.
const SURELY_STRING = /^(?:[^-+.0-9~]|[-+][^.0-9])/;

export type Value =
  | { kind: 'empty' }
  | { kind: 'plain'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'flow'; map: boolean; size: number; document: Document };

/** Returned instead of a value that only the full library should read. */
export const UNREADABLE = Symbol('unreadable');

export const isDash = (content: string): boolean => content.charCodeAt(0) === 45 && (content.length === 1 || content.charCodeAt(1) === 32);

/** A value after `key: ` or `- `, or null when it is outside the subset. */
export function readValue(raw: string): Value | null {
  const value = raw.trimStart();
  if (value === '' || value.startsWith('#')) return { kind: 'empty' };
  const first = value[0]!;
  if (first === '"') {
    const match = DOUBLE_QUOTED.exec(value);
    if (!match || (match[1]!.includes('\\') && !VALID_ESCAPES.test(match[1]!))) return null;
    return { kind: 'quoted', text: value.slice(0, match[1]!.length + 2) };
  }
  if (first === "'") {
    if (!SINGLE_QUOTED.test(value)) return null;
    return { kind: 'quoted', text: value.slice(0, value.lastIndexOf("'") + 1) };
  }
  if (first === '{' || first === '[') {
    // Complete on this line, or not ours to read: the library checks the fragment.
    const document = parseDocument(value);
    const contents = document.contents;
    if (document.errors.length > 0 || !(isMap(contents) || isSeq(contents)) || !contents.flow) return null;
    return { kind: 'flow', map: isMap(contents), size: contents.items.length, document };
  }
  if (INDICATOR.test(first) || (first === '-' && (value.length === 1 || value[1] === ' '))) return null;
  const comment = value.indexOf(' #');
  const text = (comment === -1 ? value : value.slice(0, comment)).trimEnd();
  if (text.endsWith(':') || text.includes(': ')) return null;
  return { kind: 'plain', text };
}

/**
 * A scalar read on its own by the library (its schema decides numbers, booleans, null).
 * `---` and `...` read differently on their own than after `key: `: not ours to guess.
 */
function readScalar(text: string): unknown {
  if (/^(?:---|\.\.\.)(?: |$)/.test(text)) return UNREADABLE;
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isScalar(document.contents)) return UNREADABLE;
  return document.toJS() as unknown;
}

/** What a value reads as, with the library's own rules wherever it is not obviously a string. */
export function dataOf(value: Value): unknown {
  switch (value.kind) {
    case 'empty':
      return null;
    case 'plain':
      return SURELY_STRING.test(value.text) && !CORE_KEYWORD.test(value.text) ? value.text : readScalar(value.text);
    case 'quoted':
      if (value.text.startsWith("'")) return value.text.slice(1, -1).replaceAll("''", "'");
      return value.text.includes('\\') ? readScalar(value.text) : value.text.slice(1, -1);
    case 'flow':
      return value.document.errors.length > 0 ? UNREADABLE : (value.document.toJS() as unknown);
  }
}

/** A mapping key as the library names it in plain data, when that is the key's own text. */
export function keyName(key: string): string | typeof UNREADABLE {
  return /^[A-Za-z_]/.test(key) && !CORE_KEYWORD.test(key) ? key : UNREADABLE;
}

export const isNullValue = (value: Value): boolean => value.kind === 'empty' || (value.kind === 'plain' && NULL_PLAIN.test(value.text));
