import { describe, expect, it } from 'vitest';
import { appCliExec, cliScriptPath } from '../../main/app/cli-exec.js';

describe('the exec command the app writes into kubeconfig', () => {
  it('runs the packaged binary as Node on the unpacked CLI bundle', () => {
    const exec = appCliExec({
      execPath: '/opt/EKS SSO/eks-sso',
      appPath: '/opt/EKS SSO/resources/app.asar',
      isPackaged: true,
    });
    expect(exec).toEqual({
      command: '/opt/EKS SSO/eks-sso',
      args: ['/opt/EKS SSO/resources/app.asar.unpacked/dist/cli/eks-sso.js'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it('on macOS, points inside the .app bundle', () => {
    expect(
      cliScriptPath({
        execPath: '/Applications/EKS SSO.app/Contents/MacOS/EKS SSO',
        appPath: '/Applications/EKS SSO.app/Contents/Resources/app.asar',
        isPackaged: true,
      }),
    ).toBe('/Applications/EKS SSO.app/Contents/Resources/app.asar.unpacked/dist/cli/eks-sso.js');
  });

  it('in development (npm start), runs Electron as Node on the repository build', () => {
    expect(appCliExec({ execPath: '/repo/node_modules/electron/dist/electron', appPath: '/repo', isPackaged: false })).toEqual({
      command: '/repo/node_modules/electron/dist/electron',
      args: ['/repo/dist/cli/eks-sso.js'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });
});
