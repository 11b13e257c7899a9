// A kubeconfig held as a YAML document (the `yaml` library), so that entries we do not own
// keep their exact text — comments, key order, quoting — when we write ours next to them.
// Shape problems are reported with their index (`contexts[3].name is missing`) and a file
// with any problem is refused: we never overwrite what we cannot read.
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { CoreError } from '../errors.js';
import { readMarker, type EntryMarker } from './marker.js';

export type Section = 'clusters' | 'contexts' | 'users';
export const SECTIONS: readonly Section[] = ['clusters', 'contexts', 'users'];
/** The key under which each section's entry keeps its body. */
export const BODY_KEY: Record<Section, 'cluster' | 'context' | 'user'> = { clusters: 'cluster', contexts: 'context', users: 'user' };

export interface NamedEntry {
  name: string;
  node: YAMLMap;
  /** Present when the entry is ours. */
  marker: EntryMarker | null;
}

export interface Kubeconfig {
  document: Document;
  entries(section: Section): NamedEntry[];
  currentContext(): string | null;
}

/** What `aws eks update-kubeconfig` and kubectl start a new file with. */
export const EMPTY_KUBECONFIG = 'apiVersion: v1\nclusters: []\ncontexts: []\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: []\n';

function corrupt(file: string, detail: string): CoreError {
  return new CoreError('corrupt-file', `${file} is not a kubeconfig eks-sso can read (${detail})`, {
    hint: 'Fix the file or point --file elsewhere; eks-sso never overwrites a kubeconfig it cannot read',
  });
}

export function parseKubeconfig(text: string, file: string): Kubeconfig {
  const document = parseDocument(text.trim() === '' ? EMPTY_KUBECONFIG : text, { uniqueKeys: false, keepSourceTokens: false });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw corrupt(file, `${line ? `line ${line}: ` : ''}${first.message.split('\n')[0]}`);
  }
  if (!isMap(document.contents)) throw corrupt(file, 'the top level is not a mapping');
  const root = document.contents;
  for (const section of SECTIONS) {
    const value = root.get(section, true);
    if (value === undefined || (isScalar(value) && value.value === null)) continue;
    if (!isSeq(value)) throw corrupt(file, `${section} is not a list`);
    value.items.forEach((item, index) => {
      if (!isMap(item)) throw corrupt(file, `${section}[${index}] is not a mapping`);
      const name = item.get('name');
      if (typeof name !== 'string' || name === '') throw corrupt(file, `${section}[${index}].name is missing`);
      const body = item.get(BODY_KEY[section], true);
      if (body !== undefined && !isMap(body) && !(isScalar(body) && body.value === null)) {
        throw corrupt(file, `${section}[${index}].${BODY_KEY[section]} is not a mapping`);
      }
    });
  }
  const current = root.get('current-context');
  if (current !== undefined && current !== null && typeof current !== 'string') throw corrupt(file, 'current-context is not a string');

  return {
    document,
    entries(section) {
      const sequence = root.get(section, true);
      if (!isSeq(sequence)) return [];
      return (sequence.items as YAMLMap[]).map((node) => {
        const body = node.get(BODY_KEY[section], true);
        // Only the extensions are converted: bodies hold long CA data and most are not ours.
        const extensions = isMap(body) ? body.get('extensions', true) : undefined;
        const marker = isSeq(extensions) ? readMarker({ extensions: extensions.toJSON() }) : null;
        return { name: node.get('name') as string, node, marker };
      });
    },
    currentContext() {
      const value = root.get('current-context');
      return typeof value === 'string' && value !== '' ? value : null;
    },
  };
}

/** The section's sequence, created (block style) when the file lacks it. */
export function sectionSequence(config: Kubeconfig, section: Section): YAMLSeq {
  const root = config.document.contents as YAMLMap;
  const existing = root.get(section, true);
  if (isSeq(existing)) {
    // `clusters: []` is a flow sequence; entries added to it should look like kubectl's.
    if (existing.items.length === 0) existing.flow = false;
    return existing;
  }
  const created = config.document.createNode([]) as YAMLSeq;
  root.set(section, created);
  return created;
}

export function serializeKubeconfig(config: Kubeconfig): string {
  // lineWidth 0: never fold long values such as certificate-authority-data.
  return config.document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
