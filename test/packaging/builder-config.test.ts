// What electron-builder.yml promises (issue 2): the app's identity, the installers per
// platform, the CLI unpacked beside app.asar, only built output packaged, and an app icon in
// the build resources folder, drawn by the tray's own code.
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/repo.js';
import { trayIconPng } from '../../main/app/tray-icon.js';

interface BuilderConfig {
  appId?: string;
  productName?: string;
  directories?: { output?: string; buildResources?: string };
  files?: string[];
  asar?: boolean;
  asarUnpack?: string[];
  extraMetadata?: { main?: string };
  mac?: { target?: string[] };
  win?: { target?: string[] };
  linux?: { target?: string[] };
}

const config = parse(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** A PNG's width, height, colour type and inflated scanlines (each led by its filter byte). */
function decodePng(png: Buffer): { width: number; height: number; colourType: number; rows: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  expect(header).toBeDefined();
  return { width: header!.readUInt32BE(0), height: header!.readUInt32BE(4), colourType: header![9]!, rows: inflateSync(Buffer.concat(data)) };
}

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('dev.eks-sso.app');
    expect(config.productName).toBe('EKS SSO');
    expect(config.extraMetadata?.main).toBe('dist/main/index.js');
  });

  it('builds a dmg and a zip for macOS, an NSIS installer for Windows, an AppImage and a deb for Linux', () => {
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('packages only built output, and unpacks the CLI beside app.asar', () => {
    const included = (config.files ?? []).filter((pattern) => !pattern.startsWith('!'));
    expect(included.sort()).toEqual(['bin/eks-sso.cjs', 'dist/**/*', 'package.json']);
    const excluded = (config.files ?? []).filter((pattern) => pattern.startsWith('!'));
    expect(excluded).toEqual(expect.arrayContaining(['!dist/**/*.map', '!**/node_modules/**', '!test/**', '!sandbox/**']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/cli/**', 'dist/package.json']));
  });

  it('has an app icon where electron-builder looks for one: a 512×512 PNG of the tray disc', () => {
    expect(config.directories?.buildResources).toBe('build-resources');
    const iconPath = path.join(repoRoot, config.directories!.buildResources!, 'icon.png');
    expect(existsSync(iconPath)).toBe(true);
    const icon = decodePng(readFileSync(iconPath));
    expect(icon).toMatchObject({ width: 512, height: 512, colourType: 6 });
    // Pixel for pixel what scripts/make-icon.js draws (compared decoded: zlib's bytes may differ
    // between Node versions, the pixels may not).
    expect(icon.rows.equals(decodePng(trayIconPng('ok', 512)).rows)).toBe(true);
  });
});
