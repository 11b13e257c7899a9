// An electron-builder afterPack hook for the packaging test: records the icons electron-builder
// resolves for the Linux desktop entry, through the same helper its AppImage and deb targets
// use (the `dir` target itself installs no icon). Writes them as JSON to $EKS_SSO_ICONS_REPORT.
import { writeFile } from 'node:fs/promises';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';

export default async function afterPack(context) {
  const report = process.env.EKS_SSO_ICONS_REPORT;
  if (!report) return;
  const icons = await new LinuxTargetHelper(context.packager).icons;
  await writeFile(report, JSON.stringify(icons));
}
