// Profile names from a template: {account} (account name), {accountId}, {role}, {session}.
// Characters that would break an ini header or a shell argument become dashes.
import { CoreError } from '../errors.js';

const PLACEHOLDERS = ['account', 'accountId', 'role', 'session'] as const;

export interface ProfileNameInput {
  account: string;
  accountId: string;
  role: string;
  session: string;
}

export function validateProfileTemplate(template: string): void {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new CoreError('invalid-input', `unknown placeholder {${unknown[0]}} in the profile template`, {
      hint: `Use ${PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`,
    });
  }
  if (!/\{(accountId|account)\}/.test(template) || !template.includes('{role}')) {
    throw new CoreError('invalid-input', 'the profile template must contain {account} or {accountId}, and {role}', {
      hint: 'For example --template "{account}.{role}"',
    });
  }
}

export function profileName(template: string, input: ProfileNameInput): string {
  const raw = template.replace(/\{(accountId|account|role|session)\}/g, (_match, name: keyof ProfileNameInput) => input[name]);
  return raw.replace(/[\s[\]#;=]+/g, '-').replace(/^-+|-+$/g, '');
}
