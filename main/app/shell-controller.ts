// What the shell needs from the app controller (main/core/app/controller.ts): the contract's
// operations, the latest snapshot and a subscription. Declared here so the shell depends on
// this much and no more.
import type { OperationHandlers, StateSnapshot } from '../contract.js';
import type { BrowserOpener, Logger, SecretStore } from '../core/context.js';

export interface ShellController {
  readonly handlers: OperationHandlers;
  snapshot(): StateSnapshot;
  subscribe(listener: (state: StateSnapshot) => void): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The side effects the shell owns and hands to the core. */
export interface ShellServices {
  openBrowser: BrowserOpener;
  secrets: SecretStore;
  logger: Logger;
}

export type ControllerFactory = (services: ShellServices) => ShellController | Promise<ShellController>;
