// What identifies an SSO session, and the checks on what a person types for it.
import { CoreError } from '../errors.js';
import { KNOWN_REGIONS } from './regions.js';

export interface SessionConfig {
  name: string;
  startUrl: string;
  region: string;
}

export const DEFAULT_SCOPES = ['sso:account:access'];

/** Two spellings of one portal: a trailing slash or a #fragment does not make another one. */
export function sameStartUrl(a: string, b: string): boolean {
  const normalise = (url: string) => url.trim().replace(/#.*$/, '').replace(/\/+$/, '');
  return normalise(a) === normalise(b);
}

function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** Validates a start URL: https (or http on the loopback, where the sandbox lives). */
export function parseStartUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new CoreError('invalid-input', `"${text}" is not a valid start URL`, {
      hint: 'Use the AWS access portal URL your administrator gave you, such as https://d-1234567890.awsapps.com/start',
    });
  }
  const allowedScheme = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!allowedScheme || !url.hostname || url.username || url.password) {
    throw new CoreError('invalid-input', `"${text}" is not a valid start URL (it must start with https://)`, {
      hint: 'Use the AWS access portal URL your administrator gave you, such as https://d-1234567890.awsapps.com/start',
    });
  }
  return url;
}

export function validateRegion(region: string): string {
  const trimmed = region.trim();
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(trimmed)) {
    throw new CoreError('invalid-input', `"${region}" is not an AWS region name`, {
      hint: 'Pass the region of your IAM Identity Center instance, such as --region us-east-1',
    });
  }
  if (!KNOWN_REGIONS.has(trimmed)) {
    throw new CoreError('invalid-input', `unknown region "${region}"`, {
      hint: 'Check the region of your IAM Identity Center instance (the AWS access portal shows it), such as us-east-1 or eu-west-1',
    });
  }
  return trimmed;
}

const SESSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateSessionName(name: string): string {
  if (!SESSION_NAME.test(name)) {
    throw new CoreError('invalid-input', `"${name}" is not a usable session name`, {
      hint: 'Use letters, digits, dots, dashes and underscores, such as --session my-company',
    });
  }
  return name;
}

/**
 * The default session name for a start URL: the directory id or subdomain
 * (https://d-1234567890.awsapps.com/start → d-1234567890, https://acme.awsapps.com/start → acme,
 * https://ssoins-123.portal.us-east-1.app.aws → ssoins-123); on a loopback host the first
 * path segment, else "sandbox".
 */
export function defaultSessionName(startUrl: string): string {
  const url = parseStartUrl(startUrl);
  const host = url.hostname;
  let candidate: string;
  if (isLoopbackHost(host) || /^\d+(\.\d+){3}$/.test(host)) {
    const segment = url.pathname.split('/').find((part) => part && part !== 'start');
    candidate = segment ?? 'sandbox';
  } else {
    candidate = host.split('.')[0]!;
  }
  const cleaned = candidate.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
  return cleaned || 'sso';
}
