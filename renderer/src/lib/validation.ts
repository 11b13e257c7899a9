// What the sign-in and settings forms check as the person types. The main side validates
// again with the contract's schemas; these only make mistakes visible early.

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export const COMMON_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1',
  'ap-northeast-2', 'ap-south-1', 'sa-east-1', 'me-central-1', 'af-south-1',
];

/** An error message for the start URL field, or null when it is fine. */
export function startUrlProblem(value: string): string | null {
  if (value.trim() === '') return 'Enter the start URL of your AWS access portal.';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'That is not a URL: it looks like https://my-company.awsapps.com/start';
  }
  if (url.username || url.password) return 'The start URL must not contain a user name or password.';
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'The start URL must begin with https://';
  return null;
}

export function regionProblem(value: string): string | null {
  if (value.trim() === '') return 'Enter the region of IAM Identity Center, for example us-east-1.';
  return REGION.test(value.trim()) ? null : 'A region looks like eu-west-1.';
}

export function sessionNameProblem(value: string): string | null {
  if (value === '') return null;
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) ? null : 'Use letters, digits, dots, dashes and underscores.';
}

export function namespaceProblem(value: string): string | null {
  if (value === '') return 'Enter the namespace.';
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) && value.length <= 63 ? null : 'A namespace is lower-case letters, digits and dashes.';
}

export function parseList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function regionsProblem(value: string): string | null {
  const regions = parseList(value);
  if (regions.length === 0) return 'List at least one region.';
  const bad = regions.find((region) => !REGION.test(region));
  return bad ? `"${bad}" is not a region.` : null;
}
