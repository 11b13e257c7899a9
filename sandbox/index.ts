// The sandbox's public face: start one from a scenario, parse or generate scenarios, and the
// admin API types. Everything else in sandbox/ is internal.
export { startSandbox } from './start.js';
export type { SandboxHandle, SandboxOptions } from './start.js';
export { parseScenario, loadScenarioFile, validateScenario, ScenarioError } from './scenario/parse.js';
export type { Scenario, ScenarioInput, FaultSpec } from './scenario/schema.js';
export { generateScenario, GenerateSpecError } from './scenario/generate.js';
export { DEMO_SCENARIO_PATH } from './scenario/demo-path.js';
export type { SandboxAdmin, TokenLifetimeChange, PendingDevice } from './admin/sandbox-admin.js';
export { AdminError } from './admin/sandbox-admin.js';
export type { FaultSettings, Throttle } from './runtime/faults.js';
export type { RequestLogEntry } from './runtime/request-log.js';
export { ssoRoleName, ssoRolePath, iamRoleArn, assumedRoleArn } from './identity/role-names.js';
