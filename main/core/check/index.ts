// Reachability checks: one context, many in parallel, and the background re-check scheduler.
export type { CheckResult, CheckStatus, SsoAccess } from './types.js';
export { checkContext, checkContexts, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_CHECK_CONCURRENCY, type CheckOptions, type CheckManyOptions } from './check-context.js';
export { createRecheckScheduler, DEFAULT_RECHECK_INTERVAL_MS, type RecheckScheduler, type RecheckSchedulerOptions } from './scheduler.js';
