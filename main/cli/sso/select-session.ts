// Which session a command means when --session is not given: the only one there is.
import { CoreError } from '../../core/errors.js';
import type { Sso } from '../../core/sso/index.js';

export async function selectSession(sso: Sso, requested: string | undefined): Promise<string> {
  if (requested) return requested;
  const sessions = await sso.sessions();
  if (sessions.length === 1) return sessions[0]!.name;
  if (sessions.length === 0) {
    throw new CoreError('signed-out', 'no SSO session is set up yet', { hint: 'Sign in first: eks-sso login --start-url URL --region REGION' });
  }
  throw new CoreError('usage', `there are several SSO sessions (${sessions.map((session) => session.name).join(', ')})`, {
    hint: 'Choose one with --session NAME',
  });
}
