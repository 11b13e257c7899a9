// The aws CLI v1 for the interop tests (see tools.ts).
import { execFileSync } from 'node:child_process';
import { missing, onPath } from './tools.js';

/** Only version 1 honours AWS_ENDPOINT_URL_* here (Debian's v2.9 does not), so only v1 counts. */
function findAwsCliV1(): string | null {
  const found = onPath('aws');
  let version = '';
  try {
    if (found) version = execFileSync(found, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    version = '';
  }
  if (found && version.startsWith('aws-cli/1.')) return found;
  const hint = "install aws-cli 1.x (python3 -m pip install 'awscli<2')";
  return missing('the aws CLI v1', found ? `\`${found} --version\` says "${version.trim()}"; ${hint}` : hint);
}

export const awsCliPath = findAwsCliV1();
