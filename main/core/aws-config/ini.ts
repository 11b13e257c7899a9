// A line-preserving editor for ~/.aws/config. Parsing keeps every original line; edits
// touch only the lines of the keys they set and append what is new, so comments, blank
// lines, ordering and other tools' sections survive byte for byte.

export interface IniSection {
  /** Header text between the brackets, trimmed: "default", "profile dev", "sso-session acme". */
  header: string;
  /** Index of the header line in `lines`. */
  headerLine: number;
  /** Index one past the section's last line (the next header, or the end of the file). */
  endLine: number;
  /** key → value as the SDKs read them (first occurrence wins, like botocore). */
  values: Map<string, string>;
}

export interface IniDocument {
  lines: string[];
  /** Whether the original text ended with a newline. */
  trailingNewline: boolean;
  sections: IniSection[];
}

const HEADER = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;
const KEY_VALUE = /^([^=\s][^=]*?)\s*=\s*(.*)$/;

export function parseIni(text: string): IniDocument {
  const normalised = text.replace(/\r\n/g, '\n');
  const trailingNewline = normalised.endsWith('\n');
  const lines = normalised.length === 0 ? [] : (trailingNewline ? normalised.slice(0, -1) : normalised).split('\n');
  const sections: IniSection[] = [];
  let current: IniSection | null = null;
  lines.forEach((line, index) => {
    const header = HEADER.exec(line);
    if (header) {
      if (current) current.endLine = index;
      current = { header: header[1]!.trim().replace(/\s+/g, ' '), headerLine: index, endLine: lines.length, values: new Map() };
      sections.push(current);
      return;
    }
    if (!current || /^\s/.test(line)) return; // indented lines belong to a nested key (s3 = ...)
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const pair = KEY_VALUE.exec(trimmed);
    if (pair && !current.values.has(pair[1]!.trim())) current.values.set(pair[1]!.trim(), pair[2]!.trim());
  });
  return { lines, trailingNewline, sections };
}

export function serializeIni(document: IniDocument): string {
  if (document.lines.length === 0) return '';
  return document.lines.join('\n') + (document.trailingNewline ? '\n' : '');
}

export function findSection(document: IniDocument, header: string): IniSection | undefined {
  return document.sections.find((section) => section.header === header);
}

/**
 * Sets keys in the section `header`, creating it at the end of the file when missing.
 * Existing keys are rewritten in place; new keys go after the section's last key line.
 * Returns a new document (the input is not modified).
 */
export function upsertSection(document: IniDocument, header: string, values: ReadonlyArray<readonly [string, string]>): IniDocument {
  const lines = [...document.lines];
  const section = findSection(document, header);
  if (!section) {
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
    if (lines.length > 0) lines.push('');
    lines.push(`[${header}]`, ...values.map(([key, value]) => `${key} = ${value}`));
    return parseIni(lines.join('\n') + '\n');
  }
  const missing: string[] = [];
  for (const [key, value] of values) {
    const index = findKeyLine(lines, section, key);
    if (index === -1) missing.push(`${key} = ${value}`);
    else lines[index] = `${key} = ${value}`;
  }
  if (missing.length > 0) {
    let insertAt = section.headerLine + 1;
    for (let index = section.headerLine + 1; index < section.endLine; index++) {
      if (lines[index]!.trim() !== '') insertAt = index + 1;
    }
    lines.splice(insertAt, 0, ...missing);
  }
  return parseIni(lines.join('\n') + '\n');
}

/** Removes keys from the section `header` (nothing when the section or the keys are absent). */
export function removeKeys(document: IniDocument, header: string, keys: readonly string[]): IniDocument {
  const section = findSection(document, header);
  if (!section || !keys.some((key) => section.values.has(key))) return document;
  const drop = new Set(keys.map((key) => findKeyLine(document.lines, section, key)).filter((index) => index !== -1));
  return parseIni(document.lines.filter((_, index) => !drop.has(index)).join('\n') + (document.lines.length > 0 ? '\n' : ''));
}

function findKeyLine(lines: string[], section: IniSection, key: string): number {
  for (let index = section.headerLine + 1; index < section.endLine; index++) {
    const line = lines[index]!;
    if (/^\s/.test(line)) continue;
    const pair = KEY_VALUE.exec(line.trim());
    if (pair && pair[1]!.trim() === key) return index;
  }
  return -1;
}
