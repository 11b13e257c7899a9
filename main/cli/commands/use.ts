import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { loadSettings } from '../../core/settings.js';
import { kubeconfigPath, useContext } from '../../core/kubeconfig/write.js';

const command: Command = {
  summary: 'switch the kubeconfig current-context (same lock and atomic write as `eks-sso kubeconfig`)',
  usage: 'eks-sso use CONTEXT [--file PATH] [--json]',
  async run({ argv, env, stdout }) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { file: { type: 'string' }, json: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new CoreError('usage', 'eks-sso use takes exactly one context name', { hint: 'Usage: eks-sso use CONTEXT' });
    const name = positionals[0]!;
    const settings = await loadSettings(env);
    const file = kubeconfigPath(env, values.file ?? settings.kubeconfigFile);
    await useContext({ env }, name, { file });
    if (values.json) stdout.write(`${JSON.stringify({ file, currentContext: name })}\n`);
    else stdout.write(`Switched to context "${name}" in ${file}\n`);
    return 0;
  },
};

export default command;
