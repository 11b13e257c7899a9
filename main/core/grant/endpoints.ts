// Where each AWS service is reached: AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (the
// SDK's own variables), else the SDK default. No SDK import here: the check path needs only this.
import type { Environment } from '../context.js';

export type Service = 'EKS' | 'IAM' | 'STS';

export function endpointFor(env: Environment, service: Service): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}
