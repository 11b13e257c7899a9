// The main side of the bridge: one invoke handler per contract operation, each refusing a
// caller that is not the dashboard's own top frame and validating the payload with the
// contract's schema (callOperation, shared with the web bridge) before the controller sees it.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CallResult, OperationName, StateSnapshot } from '../contract.js';
import { checkedSnapshot, callOperation } from '../core/app/dispatch.js';
import type { Logger } from '../core/context.js';
import { CoreError, serializeError } from '../core/errors.js';
import { OPERATION_NAMES, STATE_REQUEST_CHANNEL, operationChannel } from './ipc-channels.js';
import { isAppUrl } from './security.js';
import type { ShellController } from './shell-controller.js';

/** Only the top frame of a page served from app://eks-sso may call in. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

const refused = (): CallResult<OperationName> => ({
  ok: false,
  error: serializeError(new CoreError('access-denied', 'this page may not call EKS SSO')),
});

/** The snapshot as it may leave main: validated against the contract, or null (and logged). */
export function rendererSnapshot(snapshot: StateSnapshot, logger: Logger): StateSnapshot | null {
  try {
    return checkedSnapshot(snapshot);
  } catch {
    // The contract refuses a snapshot holding anything that looks like a secret: better a
    // stale dashboard than a leak. The snapshot itself is not logged, for the same reason.
    logger.warn('a state snapshot broke the contract and was not sent to the window');
    return null;
  }
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  controller: Pick<ShellController, 'handlers' | 'snapshot'>,
  logger: Logger,
): () => void {
  const channels: string[] = [];
  for (const name of OPERATION_NAMES) {
    const channel = operationChannel(name);
    channels.push(channel);
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event)) {
        logger.warn('refused an IPC call from a foreign frame', { operation: name });
        return refused();
      }
      return callOperation(controller.handlers, name, input);
    });
  }
  channels.push(STATE_REQUEST_CHANNEL);
  ipcMain.handle(STATE_REQUEST_CHANNEL, (event: IpcMainInvokeEvent) => {
    if (!isTrustedSender(event)) {
      logger.warn('refused a state request from a foreign frame');
      return null;
    }
    return rendererSnapshot(controller.snapshot(), logger);
  });
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
