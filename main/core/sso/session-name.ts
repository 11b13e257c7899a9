// Which name a sign-in is stored under. A name belongs to one start URL: its token file is
// sha1(name).json and its [sso-session name] section holds one URL, so two organisations whose
// URLs derive the same default (https://acme.awsapps.com/start and
// https://acme.portal.eu-west-1.app.aws both give "acme") must not share it, or the second
// sign-in would silently replace the first.
import { silentLogger, type Environment } from '../context.js';
import { CoreError } from '../errors.js';
import { tokenFilePath } from './cache-paths.js';
import { defaultSessionName, sameStartUrl, validateSessionName } from './session-config.js';
import { discoverSessions } from './session-discovery.js';
import { readTokenFile } from './token-cache.js';

export interface ChosenName {
  name: string;
  /** Set when the derived default was taken: the start URL that holds it. */
  defaultTakenBy?: string;
}

const MAX_SUFFIX = 99;

/** The start URL that holds `name` other than this portal (URL and, when given, region), if any. */
async function holderOf(env: Environment, name: string, startUrl: string, region?: string): Promise<string | undefined> {
  const known = (await discoverSessions(env)).find((session) => session.name === name);
  if (known && !(sameStartUrl(known.startUrl, startUrl) && (region === undefined || known.region === region))) return known.startUrl;
  // A token file without a config section (another tool's sign-in, or a config edited by hand).
  const read = await readTokenFile(tokenFilePath(env, name), silentLogger);
  if (read.kind === 'ok' && read.token.startUrl && !sameStartUrl(read.token.startUrl, startUrl)) return read.token.startUrl;
  return undefined;
}

/** An explicit --session: refused when it already belongs to another start URL. */
export async function checkExplicitName(env: Environment, name: string, startUrl: string): Promise<string> {
  const holder = await holderOf(env, name, startUrl);
  if (holder) {
    throw new CoreError('conflict', `the session name "${name}" is already used for ${holder}`, {
      hint: `Choose another --session, or sign out of that one first: eks-sso logout --session ${name}`,
    });
  }
  return name;
}

/** The default name for a start URL, with -2, -3… appended while another portal holds it. */
export async function chooseDefaultName(env: Environment, startUrl: string, region: string): Promise<ChosenName> {
  const base = validateSessionName(defaultSessionName(startUrl));
  const firstHolder = await holderOf(env, base, startUrl, region);
  if (!firstHolder) return { name: base };
  for (let suffix = 2; suffix <= MAX_SUFFIX; suffix++) {
    const tail = `-${suffix}`;
    const candidate = `${base.slice(0, 64 - tail.length)}${tail}`;
    if (!(await holderOf(env, candidate, startUrl, region))) return { name: candidate, defaultTakenBy: firstHolder };
  }
  throw new CoreError('conflict', `every default session name for ${startUrl} is taken (${base} to ${base}-${MAX_SUFFIX})`, {
    hint: 'Choose a name with --session NAME',
  });
}
