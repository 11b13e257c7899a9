// Checks fault settings given to the admin API against the scenario file's own `faults` schema,
// so the two accept exactly the same keys: a misspelt key ("latency" for "latencyMs") is an
// error, not a setting stored and silently ignored. A key added to faultSpec is accepted here
// with no change.
import { faultSpec } from '../scenario/schema.js';
import { formatPath } from '../scenario/parse.js';
import type { FaultSettings } from '../runtime/faults.js';

const settingKeys = Object.keys(faultSpec.shape).filter((key) => key !== 'operation');

export type FaultCheck = { ok: true; operation: string; settings: FaultSettings } | { ok: false; message: string };

/** Validates the settings for `operation`; a failure names the first bad key and what is wrong with it. */
export function checkFaultSettings(operation: unknown, settings: unknown): FaultCheck {
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) return { ok: false, message: 'fault settings must be an object' };
  const result = faultSpec.safeParse({ ...settings, operation });
  if (result.success) {
    const { operation: name, ...valid } = result.data;
    return { ok: true, operation: name, settings: valid };
  }
  const issue = result.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => `"${formatPath([...issue.path, key])}"`).join(', ');
    return { ok: false, message: `unknown fault setting${issue.keys.length === 1 ? '' : 's'} ${names} (expected ${settingKeys.join(', ')})` };
  }
  return { ok: false, message: issue ? `${formatPath(issue.path)}: ${issue.message}` : 'invalid fault settings' };
}
