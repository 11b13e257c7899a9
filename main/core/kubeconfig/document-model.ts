// The Document path behind EditableKubeconfig: the whole file as a `yaml` Document. Slow on
// large files, but it reads every file the library reads, and reports problems with their
// index; the fast path falls back to it for anything it does not fully understand.
import type { YAMLMap } from 'yaml';
import { BODY_KEY, parseKubeconfig, sectionSequence, serializeKubeconfig, type NamedEntry, type Section } from './document.js';
import type { ConfigEntry, EditableKubeconfig } from './editable.js';

export function documentKubeconfig(text: string, file: string): EditableKubeconfig {
  const config = parseKubeconfig(text, file);
  // Entries are handed out as NamedEntry objects, so the node is always at hand.
  const node = (entry: ConfigEntry): YAMLMap => (entry as NamedEntry).node;
  return {
    entries: (section) => config.entries(section),
    currentContext: () => config.currentContext(),
    body(section, entry) {
      const body = node(entry).get(BODY_KEY[section], true) as YAMLMap | undefined;
      return body?.toJSON() as Record<string, unknown> | null | undefined;
    },
    holdsExactly: () => false,
    add(section: Section, name, body) {
      sectionSequence(config, section).items.push(config.document.createNode({ name, [BODY_KEY[section]]: body }));
    },
    replaceBody(section, entry, body) {
      node(entry).set(BODY_KEY[section], config.document.createNode(body));
    },
    remove(section, entries) {
      const doomed = new Set(entries.map(node));
      const sequence = sectionSequence(config, section);
      sequence.items = sequence.items.filter((item) => !doomed.has(item as YAMLMap));
    },
    setCurrentContext(name) {
      (config.document.contents as YAMLMap).set('current-context', name);
    },
    serialize: () => serializeKubeconfig(config),
  };
}
