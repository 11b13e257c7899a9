// What discovery knows about one cluster: plain data, shared by discovery, the kubeconfig
// writer, the dashboard and the CLI. No SDK import here.
import type { SerializedError } from '../errors.js';

export type AuthenticationMode = 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';

export interface ClusterInfo {
  session: string;
  accountId: string;
  accountName: string;
  region: string;
  name: string;
  arn: string;
  endpoint: string | null;
  certificateAuthorityData: string | null;
  version: string;
  platformVersion: string;
  status: string;
  authenticationMode: AuthenticationMode;
  endpointPublicAccess: boolean;
  endpointPrivateAccess: boolean;
  accessEntriesSupported: boolean;
  /** The role whose credentials listed it (clusters are offered for every role of the account). */
  listedByRole: string;
}

export interface DiscoveryFailure {
  session: string;
  accountId: string;
  region?: string;
  error: SerializedError;
}

/**
 * Minimum platform version per Kubernetes minor for access entries (EKS user guide,
 * access-entries "Required platform version"); minors newer than the table support them on
 * every platform version, older ones never do.
 */
const ACCESS_ENTRY_MINIMUM_PLATFORM: Record<string, number> = {
  '1.23': 17,
  '1.24': 15,
  '1.25': 12,
  '1.26': 11,
  '1.27': 10,
  '1.28': 6,
  '1.29': 1,
  '1.30': 2,
};

function minorOf(version: string): number | null {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? Number(match[1]) * 1000 + Number(match[2]) : null;
}

export function accessEntriesSupported(version: string, platformVersion: string): boolean {
  const minor = minorOf(version);
  if (minor === null) return false;
  if (minor > minorOf('1.30')!) return true;
  if (minor < minorOf('1.23')!) return false;
  const required = ACCESS_ENTRY_MINIMUM_PLATFORM[version.split('.').slice(0, 2).join('.')];
  if (required === undefined) return false;
  const platform = /^eks\.(\d+)$/.exec(platformVersion.trim());
  return platform !== null && Number(platform[1]) >= required;
}
