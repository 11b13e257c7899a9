// What a check says when the portal gave no role credentials. Only a real refusal (the role is
// not assigned, or the portal denies it) is `unauthorized`; a portal that cannot be reached,
// times out, throttles or fails says so as `unreachable` with the reason, since offering a
// grant for a network problem would send the person the wrong way.
import { isCoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { CheckResult } from './types.js';

export type CheckVerdict = Omit<CheckResult, 'contextName' | 'checkedAt'>;

export function credentialsFailure(spec: ContextSpec, error: unknown): CheckVerdict {
  const role = `role ${spec.roleName} in ${spec.accountName || spec.accountId}`;
  const line = isCoreError(error) ? error.toLine() : error instanceof Error ? error.message : String(error);
  if (isCoreError(error)) {
    switch (error.code) {
      case 'session-expired':
      case 'signed-out':
        return { status: 'signed-out', summary: `SSO session "${spec.session}" expired: sign in again`, detail: line };
      case 'access-denied':
      case 'not-found':
        return { status: 'unauthorized', summary: `the AWS access portal refused credentials for ${role}`, detail: line };
      default:
        break;
    }
  }
  const why = isCoreError(error) ? error.message : 'the AWS access portal failed';
  return { status: 'unreachable', summary: `no credentials for ${role}: ${why}`, detail: `GetRoleCredentials failed: ${line}` };
}
