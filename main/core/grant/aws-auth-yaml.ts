// Edits the mapRoles string of kube-system/aws-auth without disturbing anything else in it.
// A broken aws-auth locks everyone out, nodes included, so: parse with a YAML library and refuse
// to touch a string that does not parse; change text only where our entry is (append at the end
// in the list's own indentation, cut exactly our item out), so other entries keep their bytes;
// then re-parse the result and check that every other entry is still there, unchanged, before
// anyone writes it. Only when a text edit cannot be proven right does it fall back to editing the
// parsed document (which may re-indent other entries but never changes their values).
import { parseDocument, isMap, isScalar, isSeq, stringify, type Document } from 'yaml';
import { CoreError } from '../errors.js';
import { sameArn } from '../arn/sso-role-arn.js';

export interface RoleMapping {
  rolearn: string;
  username?: string;
  groups?: string[];
}

function parse(text: string): Document.Parsed {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    throw new CoreError('corrupt-file', `kube-system/aws-auth has a mapRoles value that does not parse (${first.message.split('\n')[0]})`, {
      hint: 'Nothing was changed. Fix it first, e.g. kubectl edit -n kube-system configmap/aws-auth',
    });
  }
  if (document.contents !== null && !isSeq(document.contents)) {
    throw new CoreError('corrupt-file', 'kube-system/aws-auth has a mapRoles value that is not a list', { hint: 'Nothing was changed. Fix it first, e.g. kubectl edit -n kube-system configmap/aws-auth' });
  }
  return document;
}

/** The same parse, typed for editing (a parsed document accepts only parsed nodes). */
function parseEditable(text: string): Document {
  return parse(text);
}

/** The entries of mapRoles as plain data; throws a CoreError('corrupt-file') when it does not parse. */
export function parseMapRoles(text: string | undefined): unknown[] {
  const value: unknown = parse(text ?? '').toJS();
  return Array.isArray(value) ? value : [];
}

function rolearnOf(entry: unknown): string | undefined {
  return typeof entry === 'object' && entry !== null && 'rolearn' in entry && typeof entry.rolearn === 'string' ? entry.rolearn : undefined;
}

/** The last entry for this role (the authenticator keeps the last of duplicates). */
export function findMapping(entries: unknown[], rolearn: string): { index: number; mapping: RoleMapping } | null {
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry = entries[index];
    const arn = rolearnOf(entry);
    if (arn && sameArn(arn, rolearn)) return { index, mapping: entry as RoleMapping };
  }
  return null;
}

function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Accepts `candidate` only if it parses to exactly `expected`. */
function proven(candidate: string, expected: unknown[]): string | null {
  try {
    return sameData(parseMapRoles(candidate), expected) ? candidate : null;
  } catch {
    return null;
  }
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the "-" that introduces the sequence item whose value starts at `valueStart`. */
function dashBefore(text: string, valueStart: number): number {
  let position = valueStart - 1;
  while (position >= 0 && (text[position] === ' ' || text[position] === '\t')) position--;
  return text[position] === '-' ? position : -1;
}

function scalar(value: string): string {
  return stringify(value).trimEnd();
}

function renderEntry(mapping: RoleMapping, indent: string, contentOffset: number): string {
  const inner = indent + ' '.repeat(contentOffset);
  const lines = [`${indent}-${' '.repeat(contentOffset - 1)}rolearn: ${scalar(mapping.rolearn)}`];
  if (mapping.username !== undefined) lines.push(`${inner}username: ${scalar(mapping.username)}`);
  if (mapping.groups !== undefined) {
    if (mapping.groups.length === 0) lines.push(`${inner}groups: []`);
    else lines.push(`${inner}groups:`, ...mapping.groups.map((group) => `${inner}  - ${scalar(group)}`));
  }
  return `${lines.join('\n')}\n`;
}

function withoutUndefined(mapping: RoleMapping): RoleMapping {
  return {
    rolearn: mapping.rolearn,
    ...(mapping.username !== undefined ? { username: mapping.username } : {}),
    ...(mapping.groups !== undefined ? { groups: mapping.groups } : {}),
  };
}

/** mapRoles text with `mapping` appended as the last entry. */
export function appendMapping(text: string | undefined, mapping: RoleMapping): string {
  const original = text ?? '';
  const document = parse(original);
  const before = parseMapRoles(original);
  const expected = [...before, withoutUndefined(mapping)];
  const sequence = document.contents;
  let indent = '';
  let contentOffset = 2;
  if (isSeq(sequence) && sequence.items.length > 0 && !sequence.flow) {
    const first = sequence.items[0];
    const start = first && typeof first === 'object' && 'range' in first && first.range ? first.range[0] : -1;
    const dash = start >= 0 ? dashBefore(original, start) : -1;
    if (dash >= 0) {
      indent = original.slice(lineStart(original, dash), dash);
      contentOffset = Math.max(2, start - dash);
    }
  }
  if (!isSeq(sequence) || !sequence.flow) {
    const base = original.length === 0 || original.endsWith('\n') ? original : `${original}\n`;
    const appended = proven(base + renderEntry(mapping, /^[ ]*$/.test(indent) ? indent : '', contentOffset), expected);
    if (appended !== null) return appended;
  }
  const edited = parseEditable(original);
  if (isSeq(edited.contents)) edited.contents.items.push(edited.createNode(withoutUndefined(mapping)));
  else edited.contents = edited.createNode([withoutUndefined(mapping)]);
  return mustProve(String(edited), expected);
}

/** mapRoles text without the last entry for `rolearn` (the one a grant appended). */
export function removeMapping(text: string | undefined, rolearn: string): string {
  const original = text ?? '';
  const document = parse(original);
  const before = parseMapRoles(original);
  const found = findMapping(before, rolearn);
  if (!found) return original;
  const expected = before.filter((_, index) => index !== found.index);
  const sequence = document.contents;
  if (isSeq(sequence) && !sequence.flow) {
    const item = sequence.items[found.index];
    const range = item && typeof item === 'object' && 'range' in item ? item.range : undefined;
    if (range) {
      const dash = dashBefore(original, range[0]);
      if (dash >= 0) {
        const from = lineStart(original, dash);
        const newline = original.indexOf('\n', Math.max(range[2] - 1, dash));
        const to = newline < 0 ? original.length : newline + 1;
        const cut = proven(original.slice(0, from) + original.slice(to), expected);
        if (cut !== null) return cut;
      }
    }
  }
  const edited = parseEditable(original);
  if (isSeq(edited.contents)) edited.contents.items.splice(found.index, 1);
  return mustProve(String(edited), expected);
}

/**
 * The groups of one block-style entry rewritten in place as a flow list (JSON strings are valid
 * YAML scalars), or added as a last line of that entry: no other byte of mapRoles moves.
 */
function groupsTextEdit(original: string, document: Document.Parsed, index: number, groups: string[]): string | null {
  const sequence = document.contents;
  if (!isSeq(sequence) || sequence.flow) return null;
  const item = sequence.items[index];
  if (!isMap(item) || item.flow || !item.range) return null;
  const rendered = `[${groups.map((group) => JSON.stringify(group)).join(', ')}]`;
  const pair = item.items.find((one) => isScalar(one.key) && one.key.value === 'groups');
  if (pair) {
    const range = pair.value && typeof pair.value === 'object' && 'range' in pair.value ? pair.value.range : undefined;
    if (!range) return null;
    // A block list's range runs on over its last newline: that newline stays.
    let valueEnd = range[1];
    while (valueEnd > range[0] && /\s/.test(original[valueEnd - 1] ?? '')) valueEnd--;
    return original.slice(0, range[0]) + rendered + original.slice(valueEnd);
  }
  const keyStart = item.range[0];
  const indent = original.slice(lineStart(original, keyStart), keyStart).replace(/[^\t]/g, ' ');
  // After the entry's last line (its range may run on over the newlines that follow it).
  let end = item.range[1];
  while (end > keyStart && /\s/.test(original[end - 1] ?? '')) end--;
  const newline = original.indexOf('\n', end);
  const at = newline < 0 ? original.length : newline;
  return `${original.slice(0, at)}\n${indent}groups: ${rendered}${original.slice(at)}`;
}

function editGroups(text: string | undefined, rolearn: string, change: (groups: string[]) => string[]): string {
  const original = text ?? '';
  const before = parseMapRoles(original);
  const found = findMapping(before, rolearn);
  if (!found) throw new CoreError('not-found', `aws-auth has no entry for ${rolearn}`);
  const groups = change([...(found.mapping.groups ?? [])]);
  const expected = before.map((entry, index) => (index === found.index ? { ...(entry as RoleMapping), groups } : entry));
  const inPlace = groupsTextEdit(original, parse(original), found.index, groups);
  const provenInPlace = inPlace === null ? null : proven(inPlace, expected);
  if (provenInPlace !== null) return provenInPlace;
  const edited = parseEditable(original);
  const item = isSeq(edited.contents) ? edited.contents.items[found.index] : undefined;
  if (!isMap(item)) throw new CoreError('corrupt-file', `the aws-auth entry for ${rolearn} is not a mapping`);
  item.set('groups', edited.createNode(groups));
  return mustProve(String(edited), expected);
}

export function addGroup(text: string | undefined, rolearn: string, group: string): string {
  return editGroups(text, rolearn, (groups) => (groups.includes(group) ? groups : [...groups, group]));
}

export function removeGroup(text: string | undefined, rolearn: string, group: string): string {
  return editGroups(text, rolearn, (groups) => groups.filter((one) => one !== group));
}

function mustProve(candidate: string, expected: unknown[]): string {
  const result = proven(candidate, expected);
  if (result === null) {
    throw new CoreError('internal', 'the edited aws-auth mapRoles would not keep every other entry intact', { hint: 'Nothing was changed. Please report this with the ConfigMap attached' });
  }
  return result;
}
