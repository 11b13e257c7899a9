// `eks-sso status` as one self-contained CommonJS file (dist/cli/light/status.cjs), which
// bin/eks-sso.cjs runs for that command. Loaded as the dozen ES modules the main build splits
// it into, status spends about a third of its start-up in the module loader; people type it
// often and expect it at once. Every other command, and anything status itself would load
// lazily, comes from the main build (scripts/build.js points those imports there).
import status from './commands/status.js';
import { runMain } from './main.js';
import { commands } from './registry.js';

void runMain({ ...commands, status: () => Promise.resolve({ default: status }) });
