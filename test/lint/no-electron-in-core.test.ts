// Proves the architecture rule: importing electron fails lint in every layer the CLI loads
// (main/core, main/cli, main/web, main/contract.ts, bin/) and in sandbox/, and stays allowed
// in the Electron shell.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { repoRoot } from '../helpers/repo.js';

const eslint = new ESLint({ cwd: repoRoot });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return (result?.messages ?? []).filter((message) => message.severity === 2).map((message) => message.ruleId ?? '');
}

const forms = {
  'static import': "import { app } from 'electron';\nexport const name = app.name;\n",
  'type-only import': "import type { App } from 'electron';\nexport type A = App;\n",
  'subpath import': "import { ipcMain } from 'electron/main';\nexport const m = ipcMain;\n",
  'dynamic import': "export const load = () => import('electron');\n",
  'dynamic subpath import': "export const load = () => import('electron/main');\n",
  require: "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const electron = require('electron');\n",
  'subpath require': "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const electron = require('electron/main');\n",
};

const layers = ['main/core/example.ts', 'main/cli/example.ts', 'main/web/example.ts', 'main/contract.ts', 'sandbox/example.ts'];

const isElectronRule = (rule: string) => rule === 'no-restricted-imports' || rule === 'no-restricted-syntax';

describe('electron stays out of the plain-Node layers', () => {
  for (const layer of layers) {
    for (const [form, code] of Object.entries(forms)) {
      it(`rejects a ${form} of electron in ${layer}`, async () => {
        expect((await errorsFor(layer, code)).some(isElectronRule)).toBe(true);
      });
    }
  }

  // The launcher is plain JavaScript: the rule applies to it too.
  it.each([
    ['an import', "import { app } from 'electron';\nexport const name = app.name;\n"],
    ['a require', "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const electron = require('electron');\n"],
  ])('rejects %s of electron in bin/eks-sso.cjs', async (_form, code) => {
    expect((await errorsFor('bin/eks-sso.cjs', code)).some(isElectronRule)).toBe(true);
  });

  it('allows electron in the shell', async () => {
    expect(await errorsFor('main/app/example.ts', forms['static import'])).toEqual([]);
  });

  it('does not flag other modules, or locating the electron package without loading it', async () => {
    expect(await errorsFor('main/core/example.ts', "import path from 'node:path';\nexport const sep = path.sep;\n")).toEqual([]);
    const locate = "import { createRequire } from 'node:module';\nexport const where = createRequire(import.meta.url).resolve('electron/package.json');\n";
    expect(await errorsFor('main/cli/example.ts', locate)).toEqual([]);
    expect(await errorsFor('main/web/example.ts', "export { CONTENT_SECURITY_POLICY } from './csp.js';\n")).toEqual([]);
  });
});
