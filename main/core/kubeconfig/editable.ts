// What writing our entries needs from a kubeconfig, whichever way it is held: as a full
// `yaml` Document (any file the library reads) or as spliced text (the fast path for the
// block-style files kubectl, `aws eks update-kubeconfig` and we write). apply-plan.ts edits
// through this interface only, so both give the same result by construction.
import type { Section } from './document.js';
import type { EntryMarker } from './marker.js';

export interface ConfigEntry {
  readonly name: string;
  /** Present when the entry is ours (it carries the `eks-sso` extension). */
  readonly marker: EntryMarker | null;
}

export interface EditableKubeconfig {
  /** The section's named entries, in file order. */
  entries(section: Section): readonly ConfigEntry[];
  currentContext(): string | null;
  /** The entry's body (`cluster:`, `context:` or `user:`) as plain data; undefined when absent. */
  body(section: Section, entry: ConfigEntry): Record<string, unknown> | null | undefined;
  /**
   * A cheap check before `body`: true only when the entry is exactly what we would write for
   * `name` and `body` (so it is ours and unchanged). False means "look closer", not "different".
   */
  holdsExactly(section: Section, entry: ConfigEntry, body: Record<string, unknown>): boolean;
  add(section: Section, name: string, body: Record<string, unknown>): void;
  replaceBody(section: Section, entry: ConfigEntry, body: Record<string, unknown>): void;
  remove(section: Section, entries: readonly ConfigEntry[]): void;
  setCurrentContext(name: string): void;
  serialize(): string;
}

/**
 * Thrown by the fast path when it meets something it does not fully understand, even late
 * (an entry it cannot re-read, a value it does not emit); the caller starts over with the
 * Document path, which reads everything the `yaml` library reads.
 */
export class NotUnderstood extends Error {
  constructor(reason: string) {
    super(`kubeconfig fast path: ${reason}`);
    this.name = 'NotUnderstood';
  }
}
