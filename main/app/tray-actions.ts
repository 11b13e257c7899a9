// What each tray item and notification click does: a call into the controller, then a
// re-render so the menu shows the outcome at once rather than at the next snapshot.
import type { StateSnapshot, OperationHandlers } from '../contract.js';
import type { Logger } from '../core/context.js';
import { serializeError } from '../core/errors.js';
import type { TrayAction } from './tray-menu-types.js';

export interface TrayActionDeps {
  handlers: OperationHandlers;
  snapshot(): StateSnapshot;
  showWindow(): void;
  quit(): void;
  setStartAtLogin(enabled: boolean): void;
  /** Re-renders the tray; `force` rebuilds even an unchanged menu (Electron flipped a tick). */
  rerender(force: boolean): void;
  /** Tells the person about a failure the dashboard may not be showing. */
  report(title: string, body: string): void;
  logger: Logger;
}

/** Signs in again to a known session (from the tray or a notification), showing the window for the code. */
export async function signInAgain(deps: Pick<TrayActionDeps, 'handlers' | 'snapshot' | 'showWindow' | 'logger'>, sessionName: string): Promise<void> {
  deps.showWindow();
  const session = deps.snapshot().sessions.find((candidate) => candidate.name === sessionName);
  if (!session) return;
  try {
    await deps.handlers.signIn({ startUrl: session.startUrl, region: session.region, session: session.name });
  } catch (error) {
    // The dashboard shows sign-in failures (signInError); a sign-in already running is fine.
    const { code } = serializeError(error);
    if (code !== 'conflict' && code !== 'cancelled') deps.logger.warn('sign-in from the tray failed', { error: serializeError(error) });
  }
}

export function createTrayActionHandler(deps: TrayActionDeps): (action: TrayAction) => Promise<void> {
  const attempt = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      const serialized = serializeError(error);
      deps.logger.warn(`${what} failed`, { error: serialized });
      deps.report(`Could not ${what}`, serialized.hint ? `${serialized.message}. ${serialized.hint}` : serialized.message);
    }
  };
  return async (action) => {
    switch (action.type) {
      case 'signIn':
        await signInAgain(deps, action.session);
        break;
      case 'signOut':
        await attempt(`sign out of ${action.session}`, () => deps.handlers.signOut({ session: action.session }));
        break;
      case 'cancelSignIn':
        await attempt('cancel the sign-in', () => deps.handlers.cancelSignIn({}));
        break;
      case 'reopenBrowser':
        await attempt('open the sign-in page', () => deps.handlers.reopenBrowser({}));
        break;
      case 'useContext':
        await attempt(`switch to ${action.contextName}`, () => deps.handlers.useContext({ contextName: action.contextName }));
        // Also after a failure: Electron already ticked the item that was clicked.
        deps.rerender(true);
        return;
      case 'refresh':
        await attempt('refresh', () => deps.handlers.refresh({}));
        break;
      case 'openDashboard':
        deps.showWindow();
        return;
      case 'setStartAtLogin':
        deps.setStartAtLogin(action.enabled);
        deps.rerender(true);
        return;
      case 'quit':
        deps.quit();
        return;
    }
    deps.rerender(false);
  };
}
