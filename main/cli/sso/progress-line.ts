// A single self-overwriting progress line on stderr, only when stderr is a terminal.
import type { CliContext } from '../command.js';

export function progressLine(stderr: CliContext['stderr'], label: string): { update(done: number, total: number): void; finish(): void } {
  if (!stderr.isTTY) return { update() {}, finish() {} };
  let shown = false;
  return {
    update(done, total) {
      shown = true;
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      stderr.write(`\r${label}: ${done}/${total} accounts (${percent}%)\u001b[K`);
    },
    finish() {
      if (shown) stderr.write('\r\u001b[K');
    },
  };
}
