// Proves the architecture rule: importing electron fails lint in main/core, main/cli and
// sandbox/, and stays allowed in the Electron shell.
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
};

describe('electron stays out of the plain-Node layers', () => {
  for (const layer of ['main/core/example.ts', 'main/cli/example.ts', 'sandbox/example.ts']) {
    for (const [form, code] of Object.entries(forms)) {
      it(`rejects a ${form} of electron in ${layer}`, async () => {
        const errors = await errorsFor(layer, code);
        expect(errors.some((rule) => rule === 'no-restricted-imports' || rule === 'no-restricted-syntax')).toBe(true);
      });
    }
  }

  it('allows electron in the shell', async () => {
    expect(await errorsFor('main/app/example.ts', forms['static import'])).toEqual([]);
  });

  it('does not flag other modules in the core', async () => {
    expect(await errorsFor('main/core/example.ts', "import path from 'node:path';\nexport const sep = path.sep;\n")).toEqual([]);
  });
});
