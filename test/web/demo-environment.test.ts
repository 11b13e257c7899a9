// `eks-sso demo` must never touch the person's real ~/.aws or ~/.kube: every path the core
// resolves from the environment lands in the private folder.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { demoEnvironment } from '../../main/cli/commands/demo.js';
import { homeDir, productConfigDir } from '../../main/core/context.js';
import { awsConfigPath } from '../../main/core/aws-config/config-file.js';
import { kubeconfigPath } from '../../main/core/kubeconfig/path.js';
import { ssoCacheDir } from '../../main/core/sso/index.js';
import { settingsPath } from '../../main/core/settings.js';

describe('demo environment', () => {
  const real = { HOME: '/home/person', KUBECONFIG: '/home/person/.kube/work', AWS_CONFIG_FILE: '/home/person/.aws/config', AWS_PROFILE: 'prod', XDG_CONFIG_HOME: '/home/person/.config', PATH: '/usr/bin' };
  const env = demoEnvironment(real, '/tmp/eks-sso-demo-x', { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:1234' });

  it('points HOME, the AWS config, the SSO cache, the kubeconfig and the settings into the private folder', () => {
    const inside = (file: string) => expect(path.relative('/tmp/eks-sso-demo-x', file).startsWith('..')).toBe(false);
    inside(homeDir(env));
    inside(awsConfigPath(env));
    inside(ssoCacheDir(env));
    inside(kubeconfigPath(env));
    inside(productConfigDir(env));
    inside(settingsPath(env));
    expect(env.AWS_PROFILE).toBe('');
  });

  it("keeps the rest of the person's environment and adds the sandbox's endpoints", () => {
    expect(env.PATH).toBe('/usr/bin');
    expect(env.AWS_ENDPOINT_URL_SSO).toBe('http://127.0.0.1:1234');
  });
});
