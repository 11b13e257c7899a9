// Reads one section item's text — lines layout.ts already accepted — into plain data, the way
// the `yaml` library would, without building its nodes: some ten times faster, which matters
// when the tray lists thousands of our contexts or a run rewrites them all. Anything outside
// the subset (a key the library would rename, a duplicate key) is NotUnderstood.
import { NotUnderstood } from './editable.js';
import { dataOf, isDash, keyName, KEY_LINE, readValue, UNREADABLE, type Value } from './line-values.js';

interface Line {
  indent: number;
  content: string;
}

function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const line of text.split('\n')) {
    let start = 0;
    while (line.charCodeAt(start) === 32) start++;
    if (start === line.length || line.charCodeAt(start) === 35) continue; // blank or comment
    lines.push({ indent: start, content: line.slice(start) });
  }
  return lines;
}

export function readItemText(text: string): unknown[] {
  const lines = contentLines(text);
  let index = 0;
  const fail: () => never = () => {
    throw new NotUnderstood(`cannot read line ${index + 1} of an entry`);
  };
  const valueOf = (value: Value | null): unknown => {
    const data = value ? dataOf(value) : UNREADABLE;
    return data === UNREADABLE ? fail() : data;
  };

  const block = (indent: number): unknown => (isDash(lines[index]!.content) ? sequence(indent) : mapping(indent));

  const sequence = (indent: number): unknown[] => {
    const items: unknown[] = [];
    while (index < lines.length && lines[index]!.indent === indent && isDash(lines[index]!.content)) {
      const rest = lines[index]!.content.slice(1);
      const after = rest.trimStart();
      if (after === '' || after.startsWith('#')) {
        index++;
        items.push(index < lines.length && lines[index]!.indent > indent ? block(lines[index]!.indent) : null);
      } else if (KEY_LINE.test(after)) {
        // `- key: …`: the mapping's keys line up with this first one.
        const column = indent + 1 + rest.length - after.length;
        lines[index] = { indent: column, content: after };
        items.push(mapping(column));
      } else {
        items.push(valueOf(readValue(after)));
        index++;
      }
    }
    return items;
  };

  const mapping = (indent: number): Record<string, unknown> => {
    const map: Record<string, unknown> = {};
    while (index < lines.length && lines[index]!.indent === indent && !isDash(lines[index]!.content)) {
      const match = KEY_LINE.exec(lines[index]!.content) ?? fail();
      const key = keyName(match[1]!);
      if (key === UNREADABLE || key === '__proto__' || Object.hasOwn(map, key)) fail();
      const value = readValue(match[2] ?? '') ?? fail();
      index++;
      if (value.kind !== 'empty') map[key] = valueOf(value);
      else if (index < lines.length && lines[index]!.indent > indent) map[key] = block(lines[index]!.indent);
      // A list may sit at its key's own column (kubectl's style).
      else if (index < lines.length && lines[index]!.indent === indent && isDash(lines[index]!.content)) map[key] = sequence(indent);
      else map[key] = null;
    }
    return map;
  };

  if (lines.length === 0 || !isDash(lines[0]!.content)) fail();
  const items = sequence(lines[0]!.indent);
  if (index !== lines.length) fail();
  return items;
}
