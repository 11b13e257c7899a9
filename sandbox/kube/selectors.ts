// labelSelector and fieldSelector as kubectl sends them (`-l app=web,tier!=db,env`,
// `--field-selector metadata.name=x`), plus the `in`/`notin` set forms.
import type { KubeObject } from './store.js';
import { badRequest } from './status.js';

type Test = (values: (key: string) => string | undefined) => boolean;

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of selector) {
    if (character === '(') depth++;
    if (character === ')') depth--;
    if (character === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += character;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

function compile(selector: string | null, allowSets: boolean): Test[] {
  if (!selector) return [];
  return splitTopLevel(selector).map((requirement): Test => {
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
    if (set && allowSets) {
      const [, key, operator, list] = set as unknown as [string, string, string, string];
      const values = list.split(',').map((value) => value.trim());
      return (get) => {
        const value = get(key);
        return operator === 'in' ? value !== undefined && values.includes(value) : value === undefined || !values.includes(value);
      };
    }
    const comparison = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(requirement);
    if (comparison) {
      const [, key, operator, expected] = comparison as unknown as [string, string, string, string];
      return operator === '!=' ? (get) => get(key) !== expected : (get) => get(key) === expected;
    }
    if (allowSets && /^!\S+$/.test(requirement)) return (get) => get(requirement.slice(1)) === undefined;
    if (allowSets && /^\S+$/.test(requirement)) return (get) => get(requirement) !== undefined;
    throw badRequest(`unable to parse requirement: ${requirement}`);
  });
}

function fieldValue(object: KubeObject, path: string): string | undefined {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current === undefined || current === null ? undefined : String(current);
}

export function selectorFilter(labelSelector: string | null, fieldSelector: string | null): (object: KubeObject) => boolean {
  const labelTests = compile(labelSelector, true);
  const fieldTests = compile(fieldSelector, false);
  return (object) => {
    const labels = object.metadata.labels ?? {};
    return labelTests.every((test) => test((key) => labels[key])) && fieldTests.every((test) => test((key) => fieldValue(object, key) ?? (key === 'metadata.namespace' ? '' : undefined)));
  };
}
