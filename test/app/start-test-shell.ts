// Starts the real shell against the fake Electron and a fake controller, in a private folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { onTestFinished } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startShell, type ShellOptions } from '../../main/app/shell.js';
import type { ShellController, ShellServices } from '../../main/app/shell-controller.js';
import { createFileSecretStore } from '../../main/core/secrets/file-secret-store.js';
import type { Logger } from '../../main/core/context.js';
import { createFakeElectron, FakeBrowserWindow, FakeTray, type FakeElectronOptions } from '../helpers/fake-electron.js';
import { FakeController } from './fake-controller.js';

export function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (message) => void warnings.push(message) };
}

export async function startTestShell<Controller extends ShellController = FakeController>(
  options: {
    electron?: FakeElectronOptions;
    /** A controller, or a factory given the services the shell hands to the core. */
    controller?: Controller | ((services: ShellServices) => Controller);
    shell?: Partial<ShellOptions>;
  } = {},
) {
  // The stand-in behaves like the OS the shell is told it runs on.
  const fakes = createFakeElectron({ platform: options.shell?.platform ?? 'linux', ...options.electron });
  const folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-shell-'));
  onTestFinished(async () => {
    // Quitting stops the shell's timers and IPC handlers, as on a real quit.
    fakes.app.emit('before-quit', { preventDefault() {} });
    await rm(folder, { recursive: true, force: true });
  });
  let controller = (options.controller ?? new FakeController()) as Controller | ((services: ShellServices) => Controller);
  const logger = recordingLogger();
  let services: ShellServices | null = null;
  const shell = await startShell(fakes.electron, {
    distDir: '/opt/eks-sso/dist',
    secretsDir: path.join(folder, 'app-secrets'),
    configDir: folder,
    fallbackSecrets: createFileSecretStore(path.join(folder, 'secrets')),
    logger,
    platform: 'linux',
    argv: ['/opt/eks-sso/eks-sso'],
    trayRebuildIntervalMs: 0,
    createController: (given) => {
      services = given;
      if (typeof controller === 'function') controller = controller(given);
      return controller;
    },
    ...options.shell,
  });
  const window = () => FakeBrowserWindow.instances[0]!;
  const tray = () => FakeTray.instances[0]!;
  return { ...fakes, shell, controller: controller as Controller, logger, folder, window, tray, services: () => services! };
}
