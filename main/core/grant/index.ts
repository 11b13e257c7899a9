// The one-click access grant: plan, apply, revoke. The dashboard and the CLI import from here.
export type { AccessPolicyName, GrantRequest, GrantPlan, GrantStep, ApplyOptions, PlanOptions } from './types.js';
export { ACCESS_POLICY_NAMES } from './types.js';
export { planGrant, MODE_CHANGE_WARNING } from './plan.js';
export { applyGrant, showsGrant, type ApplyResult } from './apply.js';
export { revokeGrant, validateSelection, describeUndo, type RevokeResult, type RevokeSelection, type RevokeOptions, type RevokeTarget } from './revoke.js';
export { readAudit, auditLogPath, type AuditRecord, type GrantChange } from './audit-log.js';
export { enableAccessEntries, requireAccessEntrySupport, type ModeChangeResult } from './mode-change.js';
