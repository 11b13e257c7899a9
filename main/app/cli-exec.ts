// The exec credential the desktop app writes into kubeconfig: the app's own binary running
// the bundled CLI as plain Node (ELECTRON_RUN_AS_NODE), so kubectl gets tokens while the app
// is closed and without the AWS CLI or a Node install on PATH.
//
// The CLI bundle is ESM with lazily loaded chunks. Electron's ESM loader does not reliably
// import from inside app.asar (electron/electron#38829 is still open; VS Code turned asar off
// for its ESM build, microsoft/vscode#228064), so electron-builder.yml unpacks dist/cli and
// dist/package.json (asarUnpack) and the command points at app.asar.unpacked, where they are
// ordinary files.
import path from 'node:path';

export interface ExecCommand {
  command: string;
  /** Leading arguments; the kubeconfig writer appends `token --session … --cluster …`. */
  args: string[];
  env: Record<string, string>;
}

export interface AppLocation {
  /** process.execPath: the app's executable (Electron itself in development). */
  execPath: string;
  /** app.getAppPath(): …/resources/app.asar when packaged, the repository in development. */
  appPath: string;
  isPackaged: boolean;
}

/** The CLI entry script that the exec command runs. */
export function cliScriptPath(location: AppLocation): string {
  const root = location.isPackaged && path.extname(location.appPath) === '.asar' ? `${location.appPath}.unpacked` : location.appPath;
  return path.join(root, 'dist', 'cli', 'eks-sso.js');
}

export function appCliExec(location: AppLocation): ExecCommand {
  return {
    command: location.execPath,
    args: [cliScriptPath(location)],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}
