// node:util parseArgs with our error style: a bad option is a one-line usage error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CoreError } from '../../core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...options, verbose: { type: 'boolean' } }, allowPositionals: false, strict: true }).values;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('. ')[0]!.replace(/\.$/, '');
    throw new CoreError('usage', message.charAt(0).toLowerCase() + message.slice(1), { hint: `Usage: ${usage}` });
  }
}
