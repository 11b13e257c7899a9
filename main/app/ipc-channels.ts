// IPC channel names as plain data, shared by the preload and the main side. The sandboxed
// preload can only require 'electron', so this file must stay free of runtime imports (the
// contract's zod schemas stay in main); the operation list is checked against the contract's
// types at compile time and against its runtime list in a test.
import type { OperationName } from '../contract.js';

export const OPERATION_NAMES = [
  'signIn',
  'cancelSignIn',
  'reopenBrowser',
  'signOut',
  'refresh',
  'useContext',
  'toggleFavourite',
  'planGrant',
  'applyGrant',
  'revokeGrant',
  'enableAccessEntries',
  'recheck',
  'getSettings',
  'saveSettings',
  'exportProfiles',
] as const satisfies readonly OperationName[];

// Fails to compile when the contract gains an operation this list lacks.
type MissingOperation = Exclude<OperationName, (typeof OPERATION_NAMES)[number]>;
const _everyOperationListed: [MissingOperation] extends [never] ? true : MissingOperation = true;
void _everyOperationListed;

/** One invoke channel per operation: no generic "call anything" channel. */
export function operationChannel(name: OperationName): string {
  return `eks-sso:call:${name}`;
}

/** main → renderer: a full state snapshot, on every change. */
export const STATE_CHANNEL = 'eks-sso:state';
/** renderer → main (invoke): the latest snapshot, for a subscriber that arrives late. */
export const STATE_REQUEST_CHANNEL = 'eks-sso:state:get';
