// Grants through main/core/grant: plan, apply, revoke, turned into what the dashboard shows.
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import type { Sso } from '../sso/index.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { GrantOutcome, GrantRequest, PlannedGrant } from './ports.js';

export interface GrantPorts {
  plan(spec: ContextSpec, request: GrantRequest): Promise<PlannedGrant>;
  apply(spec: ContextSpec, grant: PlannedGrant, onProgress: (line: string) => void): Promise<GrantOutcome>;
  revoke(spec: ContextSpec, onProgress: (line: string) => void): Promise<GrantOutcome>;
}

export function createGrantPorts(_context: CoreContext, _sso: Sso): GrantPorts {
  const unavailable = async (): Promise<never> => {
    throw new CoreError('internal', 'grants are not wired yet');
  };
  return { plan: unavailable, apply: unavailable, revoke: unavailable };
}
