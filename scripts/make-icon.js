// Draws build-resources/icon.png, the application icon electron-builder packages (it finds
// icon.png in directories.buildResources for macOS, Windows and Linux). 512×512, the smallest
// size it accepts for macOS. The picture is the tray's "signed in" disc, drawn by the same code
// (main/app/tray-icon.ts), so the app and its tray look alike. The PNG is committed; run this
// again after changing the drawing:  node scripts/make-icon.js
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ICON_SIZE = 512;

// tray-icon.ts is TypeScript and imports nothing but node:zlib: bundle it in memory and load it.
const bundled = await build({
  entryPoints: [path.join(root, 'main', 'app', 'tray-icon.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const { trayIconPng } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const target = path.join(root, 'build-resources', 'icon.png');
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, trayIconPng('ok', ICON_SIZE));
console.log(`wrote ${path.relative(root, target)} (${ICON_SIZE}×${ICON_SIZE})`);
