// The fast path behind EditableKubeconfig: the file stays text. Entries we do not own, the
// preamble, comments, preferences and every other key are copied byte for byte; our entries
// are kept, replaced or removed in place, new ones appended to their section, and only the
// entries that may be ours (the text mentions `eks-sso`) are ever parsed — and not even those
// when their text is exactly what we would write. On a file with thousands of entries this is
// what keeps `eks-sso kubeconfig` well under a second (a whole-file `yaml` Document takes ~2 s).
import { BODY_KEY, EMPTY_KUBECONFIG, SECTIONS, type Section } from './document.js';
import { NotUnderstood, type ConfigEntry, type EditableKubeconfig } from './editable.js';
import { emitItem, emitTopLevel } from './emit.js';
import { layoutKubeconfig, type ItemLayout, type KubeconfigLayout } from './layout.js';
import { MARKER_NAME, readMarker, type EntryMarker } from './marker.js';
import { readItemText } from './read-item.js';

class SplicedEntry implements ConfigEntry {
  #marker: EntryMarker | null | undefined;
  #data: Record<string, unknown> | undefined;
  #exact: { body: Record<string, unknown>; result: boolean } | undefined;

  constructor(
    private readonly source: string,
    readonly section: Section,
    readonly column: number,
    readonly item: ItemLayout,
  ) {}

  get name(): string {
    return this.item.name;
  }

  get marker(): EntryMarker | null {
    if (this.#marker === undefined) {
      const text = this.text();
      // The marker's name can only be hidden from a plain substring search by an escape.
      this.#marker = text.includes(MARKER_NAME) || text.includes('\\') ? readMarker(this.data()[BODY_KEY[this.section]]) : null;
    }
    return this.#marker;
  }

  text(): string {
    return this.source.slice(this.item.start, this.item.end);
  }

  /** The whole item as plain data. */
  data(): Record<string, unknown> {
    if (this.#data === undefined) {
      const items = readItemText(this.text());
      const data = items[0];
      if (items.length !== 1 || typeof data !== 'object' || data === null || Array.isArray(data)) throw new NotUnderstood(`cannot re-read ${this.section} entry ${this.name}`);
      this.#data = data as Record<string, unknown>;
    }
    return this.#data;
  }

  emit(body: Record<string, unknown>): string {
    return emitItem(this.column, this.name, BODY_KEY[this.section], body);
  }

  holdsExactly(body: Record<string, unknown>): boolean {
    if (this.#exact?.body !== body) {
      const emitted = this.emit(body);
      const result = this.item.end - this.item.start === emitted.length && this.source.startsWith(emitted, this.item.start);
      // Our own text, unchanged: its marker is the one we wrote.
      if (result) this.#marker = readMarker(body);
      this.#exact = { body, result };
    }
    return this.#exact.result;
  }
}

interface Edit {
  start: number;
  end: number;
  /** What replaces [start, end), in pieces. */
  text: string[];
}

class SplicedKubeconfig implements EditableKubeconfig {
  readonly #entries: Record<Section, SplicedEntry[]>;
  readonly #added: Record<Section, string[]> = { clusters: [], contexts: [], users: [] };
  readonly #replaced = new Map<SplicedEntry, string>();
  readonly #removed = new Set<SplicedEntry>();
  /** The list column for sections that have no block list yet: the file's own style. */
  readonly #column: number;
  #currentContext: string | undefined;

  constructor(
    private readonly source: string,
    private readonly layout: KubeconfigLayout,
  ) {
    const lists = SECTIONS.map((section) => layout.sections[section]).filter((section) => section?.shape === 'list');
    this.#column = lists[0]?.column ?? 0;
    const entries = (section: Section) => {
      const sectionLayout = layout.sections[section];
      return (sectionLayout?.items ?? []).map((item) => new SplicedEntry(source, section, sectionLayout!.column, item));
    };
    this.#entries = { clusters: entries('clusters'), contexts: entries('contexts'), users: entries('users') };
  }

  /** The entries as read: ones added or removed since are not reflected. */
  entries(section: Section): readonly ConfigEntry[] {
    return this.#entries[section];
  }

  currentContext(): string | null {
    const value = this.layout.currentContext?.value;
    return typeof value === 'string' && value !== '' ? value : null;
  }

  body(section: Section, entry: ConfigEntry): Record<string, unknown> | null | undefined {
    return this.#own(section, entry).data()[BODY_KEY[section]] as Record<string, unknown> | null | undefined;
  }

  holdsExactly(section: Section, entry: ConfigEntry, body: Record<string, unknown>): boolean {
    return this.#own(section, entry).holdsExactly(body);
  }

  add(section: Section, name: string, body: Record<string, unknown>): void {
    const sectionLayout = this.layout.sections[section];
    const column = sectionLayout?.shape === 'list' ? sectionLayout.column : this.#column;
    this.#added[section].push(emitItem(column, name, BODY_KEY[section], body));
  }

  replaceBody(section: Section, entry: ConfigEntry, body: Record<string, unknown>): void {
    const own = this.#own(section, entry);
    // The Document path replaces only the body; we rewrite the whole item, so it must hold nothing else.
    if (Object.keys(own.data()).some((key) => key !== 'name' && key !== BODY_KEY[section])) throw new NotUnderstood(`${section} entry ${entry.name} has other keys`);
    this.#replaced.set(own, own.emit(body));
  }

  remove(section: Section, entries: readonly ConfigEntry[]): void {
    for (const entry of entries) this.#removed.add(this.#own(section, entry));
  }

  setCurrentContext(name: string): void {
    this.#currentContext = name;
  }

  serialize(): string {
    const edits: Edit[] = [];
    // Sections and keys the file lacks go at its end, after everything else.
    const tail: string[] = [];
    for (const section of SECTIONS) {
      const sectionLayout = this.layout.sections[section];
      const added = this.#added[section];
      if (sectionLayout?.shape === 'list') {
        let kept = 0;
        for (const entry of this.#entries[section]) {
          const { start, end } = entry.item;
          if (this.#removed.has(entry)) edits.push({ start, end, text: [] });
          else {
            kept++;
            const replacement = this.#replaced.get(entry);
            if (replacement !== undefined) edits.push({ start, end, text: [replacement] });
          }
        }
        const last = sectionLayout.items[sectionLayout.items.length - 1]!;
        if (added.length > 0) edits.push({ start: last.end, end: last.end, text: this.source[last.end - 1] === '\n' ? added : ['\n'].concat(added) });
        // Every item gone: an empty list, as the Document path leaves it (not null).
        else if (kept === 0) edits.push({ start: sectionLayout.keyStart, end: sectionLayout.keyEnd, text: [`${section}: []\n`] });
      } else if (added.length > 0) {
        if (sectionLayout) edits.push({ start: sectionLayout.keyStart, end: sectionLayout.keyEnd, text: [`${section}:\n`].concat(added) });
        else tail.push(`${section}:\n`, added.join(''));
      }
    }
    if (this.#currentContext !== undefined) {
      const line = emitTopLevel('current-context', this.#currentContext);
      const current = this.layout.currentContext;
      if (current) edits.push({ start: current.keyStart, end: current.keyEnd, text: [line] });
      else tail.push(line);
    }
    // An insertion at the start of a replaced line goes before it.
    edits.sort((a, b) => a.start - b.start || a.end - b.end);
    // One join of every piece: the output is megabytes, built once.
    const parts: string[] = [];
    let at = 0;
    for (const edit of edits) {
      parts.push(this.source.slice(at, edit.start));
      for (const piece of edit.text) parts.push(piece);
      at = edit.end;
    }
    parts.push(this.source.slice(at));
    if (tail.length > 0) {
      const last = parts.findLast((part) => part !== '');
      if (last !== undefined && !last.endsWith('\n')) parts.push('\n');
      parts.push(tail.join(''));
    }
    return parts.join('');
  }

  #own(section: Section, entry: ConfigEntry): SplicedEntry {
    if (!(entry instanceof SplicedEntry) || entry.section !== section) throw new Error(`not an entry of this file's ${section}`);
    return entry;
  }
}

/** The fast path for `text`, or null when the file is outside what it reads (use the Document path). */
export function spliceKubeconfig(text: string): EditableKubeconfig | null {
  const source = text.trim() === '' ? EMPTY_KUBECONFIG : text;
  const layout = layoutKubeconfig(source);
  return layout ? new SplicedKubeconfig(source, layout) : null;
}
