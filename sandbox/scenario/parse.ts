// Reads a scenario from YAML text. Every error names the field (clusters[2].version) and the
// line it is on, so a person can fix the file without guessing.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { Document } from 'yaml';
import { scenarioSchema } from './schema.js';
import { accessPolicyArn } from '../eks/access-policies.js';
import type { Assignment, Scenario, ScenarioInput } from './schema.js';

export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

type Path = ReadonlyArray<PropertyKey>;

export function formatPath(path: Path): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text || '(top level)';
}

/** The line of the deepest node that exists along `path` (a missing field points at its parent). */
function lineOf(document: Document | undefined, lines: LineCounter | undefined, path: Path): number | undefined {
  if (!document || !lines) return undefined;
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function fail(document: Document | undefined, lines: LineCounter | undefined, path: Path, message: string): never {
  const line = lineOf(document, lines, path);
  const field = formatPath(path);
  throw new ScenarioError(`scenario${line === undefined ? '' : ` line ${line}`}: ${field}: ${message}`, field, line);
}

/** Validates an already-parsed object (for generated scenarios and tests); same checks as YAML. */
export function validateScenario(input: unknown, document?: Document, lines?: LineCounter): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    // A misspelt key usually explains the "missing field" issues around it, so report it first.
    const issues = [...result.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
    const issue = issues[0];
    if (!issue) fail(document, lines, [], 'invalid scenario');
    if (issue.code === 'unrecognized_keys') {
      const [key = ''] = issue.keys;
      fail(document, lines, [...issue.path, key], `unknown field "${key}"`);
    }
    fail(document, lines, issue.path, issue.message);
  }
  const parsed = result.data;
  const users = new Set<string>();
  parsed.users.forEach((user, index) => {
    if (users.has(user.name)) fail(document, lines, ['users', index, 'name'], `duplicate user "${user.name}"`);
    users.add(user.name);
  });
  const accounts = new Set<string>();
  parsed.accounts.forEach((account, index) => {
    if (accounts.has(account.id)) fail(document, lines, ['accounts', index, 'id'], `duplicate account "${account.id}"`);
    accounts.add(account.id);
  });
  const permissionSets = new Set<string>();
  parsed.permissionSets.forEach((set, index) => {
    if (permissionSets.has(set.name)) fail(document, lines, ['permissionSets', index, 'name'], `duplicate permission set "${set.name}"`);
    permissionSets.add(set.name);
  });

  const assignments: Assignment[] = [];
  const seen = new Set<string>();
  parsed.assignments.forEach((entry, index) => {
    if (!users.has(entry.user)) fail(document, lines, ['assignments', index, 'user'], `unknown user "${entry.user}"`);
    const accountIds = entry.accounts ?? (entry.account === undefined ? [] : [entry.account]);
    const setNames = entry.permissionSets ?? (entry.permissionSet === undefined ? [] : [entry.permissionSet]);
    accountIds.forEach((id, position) => {
      if (!accounts.has(id)) fail(document, lines, ['assignments', index, ...(entry.accounts ? ['accounts', position] : ['account'])], `unknown account "${id}"`);
    });
    setNames.forEach((setName, position) => {
      if (!permissionSets.has(setName)) {
        fail(document, lines, ['assignments', index, ...(entry.permissionSets ? ['permissionSets', position] : ['permissionSet'])], `unknown permission set "${setName}"`);
      }
    });
    for (const account of accountIds) {
      for (const permissionSet of setNames) {
        const key = `${entry.user}|${account}|${permissionSet}`;
        if (seen.has(key)) continue;
        seen.add(key);
        assignments.push({ user: entry.user, account, permissionSet });
      }
    }
  });

  const clusters = new Set<string>();
  parsed.clusters.forEach((cluster, index) => {
    if (!accounts.has(cluster.account)) fail(document, lines, ['clusters', index, 'account'], `unknown account "${cluster.account}"`);
    const key = `${cluster.account}|${cluster.region}|${cluster.name}`;
    if (clusters.has(key)) fail(document, lines, ['clusters', index, 'name'], `duplicate cluster "${cluster.name}" in ${cluster.account} ${cluster.region}`);
    clusters.add(key);
    cluster.accessEntries.forEach((entry, position) => {
      if (entry.permissionSet !== undefined && !permissionSets.has(entry.permissionSet)) {
        fail(document, lines, ['clusters', index, 'accessEntries', position, 'permissionSet'], `unknown permission set "${entry.permissionSet}"`);
      }
      entry.policies.forEach((policy, number) => {
        if (!accessPolicyArn(policy.policy)) {
          fail(document, lines, ['clusters', index, 'accessEntries', position, 'policies', number, 'policy'], `unknown access policy "${policy.policy}" (expected a name such as AmazonEKSClusterAdminPolicy)`);
        }
      });
    });
  });

  return { ...parsed, assignments };
}

export function parseScenario(yamlText: string): Scenario {
  const lines = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const problem = document.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line;
    const firstLine = problem.message.split('\n')[0] ?? problem.message;
    throw new ScenarioError(`scenario${line === undefined ? '' : ` line ${line}`}: YAML: ${firstLine}`, '(yaml)', line);
  }
  const input: unknown = document.toJS();
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ScenarioError('scenario line 1: (top level): expected a mapping with identityCenter, users, accounts, permissionSets…', '(top level)', 1);
  }
  return validateScenario(input, document, lines);
}

export async function loadScenarioFile(file: string): Promise<Scenario> {
  const text = await readFile(file, 'utf8');
  try {
    return parseScenario(text);
  } catch (error) {
    if (error instanceof ScenarioError) throw new ScenarioError(`${file}: ${error.message}`, error.field, error.line);
    throw error;
  }
}

export type { Scenario, ScenarioInput };
