import type { Command } from '../command.js';
import { PRODUCT_VERSION } from '../../core/version.js';

const command: Command = {
  summary: 'print the version',
  usage: 'eks-sso version',
  async run({ stdout }) {
    stdout.write(`eks-sso ${PRODUCT_VERSION}\n`);
    return 0;
  },
};

export default command;
