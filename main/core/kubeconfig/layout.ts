// Where things sit in a kubeconfig's text, found line by line without building a YAML tree:
// the top-level keys, the items of `clusters`, `contexts` and `users` with their names, and
// `current-context`. It accepts only a strict subset of block-style YAML — the one kubectl,
// `aws eks update-kubeconfig` and we write: one mapping key or list dash per line, scalars on
// one line, flow collections only when complete on their line — and checks the indentation
// structure as it goes, so every file it accepts is one the `yaml` library reads without an
// error, and reads the same names from. Anything else (tabs, CRLF, anchors, aliases, tags,
// block scalars, multi-line scalars, documents markers, quoted or complex keys, duplicate
// top-level keys, odd section shapes) returns null: the caller uses the Document path.
import { BODY_KEY, SECTIONS, type Section } from './document.js';
import { dataOf, isDash, isNullValue, KEY_LINE, readValue, UNREADABLE } from './line-values.js';

export interface ItemLayout {
  /** Offset of the item's dash line. */
  start: number;
  /** Offset just past its last content line (past that line's newline when it has one). */
  end: number;
  name: string;
}

export interface SectionLayout {
  /** The section key's line: from its start to past its newline. */
  keyStart: number;
  keyEnd: number;
  /** `list`: a block list (maybe with no item left after comments); `empty`: `[]`, null or nothing. */
  shape: 'list' | 'empty';
  /** The column of the list's dashes (0 in kubectl's style, 2 in the `yaml` library's). */
  column: number;
  items: ItemLayout[];
}

export interface KubeconfigLayout {
  sections: Partial<Record<Section, SectionLayout>>;
  currentContext: { keyStart: number; keyEnd: number; value: string | null } | null;
}

// Characters YAML does not allow raw, or that this subset leaves to the Document path: control
// characters but the newline (tab and CR included), Unicode line separators, BOMs.
const UNSUPPORTED_CHARACTERS = /[^\P{Cc}\n]|[\u2028\u2029\ufeff\ufffe\uffff]/u;
interface OpenItem {
  layout: ItemLayout;
  section: Section;
  hasName: boolean;
  hasBody: boolean;
  isMap: boolean;
}

interface Frame {
  indent: number;
  list: boolean;
  /** A section's block list, whose dashes start items. */
  section?: Section;
  /** An item's own mapping, whose keys include `name` and the body key. */
  item?: OpenItem;
}

/** A key or dash whose value starts on the next lines (or is null). */
interface Pending {
  indent: number;
  /** After `key:`, a list may start at the key's own column (kubectl's style). */
  afterKey: boolean;
  role: 'section' | 'current-context' | 'body' | 'item' | 'other';
  section?: Section;
  item?: OpenItem;
}

class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

/** The layout of a kubeconfig's text, or null when it is outside the subset this reads. */
export function layoutKubeconfig(text: string): KubeconfigLayout | null {
  if (UNSUPPORTED_CHARACTERS.test(text)) return null;
  try {
    return readLayout(text);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

function readLayout(text: string): KubeconfigLayout {
  const layout: KubeconfigLayout = { sections: {}, currentContext: null };
  const topKeys = new Set<string>();
  const stack: Frame[] = [{ indent: 0, list: false }];
  let pending: Pending | null = null;
  let item: OpenItem | null = null;

  const closeItem = () => {
    if (item && (!item.isMap || !item.hasName)) unsupported();
    item = null;
  };
  const pop = () => {
    const frame = stack.pop()!;
    if (frame.section !== undefined) closeItem();
  };
  const top = () => stack[stack.length - 1]!;

  /** The pending value is a block starting on this line. */
  const open = (p: Pending, indent: number, dash: boolean) => {
    if (p.role === 'current-context') unsupported();
    if (p.role === 'section') {
      if (!dash) unsupported();
      layout.sections[p.section!]!.shape = 'list';
      layout.sections[p.section!]!.column = indent;
      stack.push({ indent, list: true, section: p.section! });
      return;
    }
    if (p.role === 'body' && dash) unsupported();
    if (p.role === 'item') {
      if (dash) unsupported();
      p.item!.isMap = true;
      stack.push({ indent, list: false, item: p.item! });
      return;
    }
    stack.push({ indent, list: dash });
  };

  const keyLine = (content: string, lineStart: number, next: number) => {
    const match = KEY_LINE.exec(content);
    if (!match) unsupported();
    const key = match[1]!;
    const value = readValue(match[2] ?? '');
    if (!value) unsupported();
    const frame = top();
    let role: Pending['role'] = 'other';
    let section: Section | undefined;

    if (frame.item) {
      const current = frame.item;
      if (key === 'name') {
        const name = current.hasName || value.kind === 'flow' ? undefined : dataOf(value);
        if (typeof name !== 'string' || name === '') unsupported();
        current.hasName = true;
        current.layout.name = name;
      } else if (key === BODY_KEY[current.section]) {
        if (current.hasBody) unsupported();
        current.hasBody = true;
        // A mapping, or null: anything else is an error the Document path reports.
        if (value.kind === 'flow' ? !value.map : !isNullValue(value)) unsupported();
        role = 'body';
      }
    } else if (stack.length === 1) {
      if (topKeys.has(key)) unsupported();
      topKeys.add(key);
      if ((SECTIONS as readonly string[]).includes(key)) {
        section = key as Section;
        const empty = isNullValue(value) || (value.kind === 'flow' && !value.map && value.size === 0);
        if (!empty) unsupported();
        layout.sections[section] = { keyStart: lineStart, keyEnd: next, shape: 'empty', column: 0, items: [] };
        role = 'section';
      } else if (key === 'current-context') {
        const current = value.kind === 'flow' ? UNREADABLE : dataOf(value);
        if (current !== null && typeof current !== 'string') unsupported();
        layout.currentContext = { keyStart: lineStart, keyEnd: next, value: current };
        role = 'current-context';
      }
    }
    if (value.kind === 'empty') pending = { indent: frame.indent, afterKey: true, role, ...(section ? { section } : {}) };
  };

  const dashLine = (content: string, indent: number, lineStart: number, next: number) => {
    const frame = top();
    const rest = content.slice(1);
    const after = rest.trimStart();
    let opened: OpenItem | undefined;
    if (frame.section !== undefined) {
      closeItem();
      opened = { layout: { start: lineStart, end: next, name: '' }, section: frame.section, hasName: false, hasBody: false, isMap: false };
      layout.sections[frame.section]!.items.push(opened.layout);
      item = opened;
    }
    if (after === '' || after.startsWith('#')) {
      pending = { indent, afterKey: false, role: opened ? 'item' : 'other', ...(opened ? { item: opened } : {}) };
      return;
    }
    if (KEY_LINE.test(after)) {
      if (opened) opened.isMap = true;
      stack.push({ indent: indent + 1 + (rest.length - after.length), list: false, ...(opened ? { item: opened } : {}) });
      keyLine(after, lineStart, next);
      return;
    }
    // A scalar (or flow) list item: fine anywhere but as a section's item.
    const value = readValue(after);
    if (!value || opened) unsupported();
  };

  let position = 0;
  while (position < text.length) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 ? text.length : newline;
    const next = newline === -1 ? text.length : newline + 1;
    let start = position;
    while (text.charCodeAt(start) === 32) start++;
    const lineStart = position;
    position = next;
    if (start === lineEnd || text.charCodeAt(start) === 35) continue; // blank or comment
    const indent = start - lineStart;
    const content = text.slice(start, lineEnd);
    const dash = isDash(content);

    if (pending) {
      const p: Pending = pending;
      pending = null;
      if (indent > p.indent || (indent === p.indent && p.afterKey && dash)) open(p, indent, dash);
      else if (p.role === 'item') unsupported(); // a null item is an error the Document path reports
    }
    while (indent < top().indent) pop();
    if (indent !== top().indent) unsupported(); // a continuation line, or an indentation no block has
    if (top().list && !dash) {
      // A list at its key's own column ends at the next key of that mapping.
      pop();
      if (top().list || top().indent !== indent) unsupported();
    }
    if (top().list) dashLine(content, indent, lineStart, next);
    else keyLine(content, lineStart, next);
    if (item) (item as OpenItem).layout.end = next;
  }
  if (pending && (pending as Pending).role === 'item') unsupported();
  while (stack.length > 0) pop();
  if (topKeys.size === 0) unsupported();
  return layout;
}
