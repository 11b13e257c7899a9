// Where a command's text goes. A short-lived command writes straight to the file descriptor:
// process.stdout and process.stderr build a tty, net or fs stream on first touch, which costs
// `eks-sso status` and `eks-sso token` several milliseconds of a start-up budget of about 150.
// Node writes to files, pipes and terminals synchronously on POSIX anyway, so nothing changes
// in ordering. Windows (console code pages) keeps Node's streams.
import { writeSync } from 'node:fs';

/** What commands use of an output: text, and whether a person is watching it. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

type ProcessStream = NodeJS.WriteStream & { fd?: number };

/**
 * An Output over `fd` that falls back to the process stream (`stream()`, touched only then)
 * when the descriptor is non-blocking and full (EAGAIN), and from then on, so order is kept.
 * A reader that went away (EPIPE, as in `eks-sso status | head -1`) ends the output quietly.
 */
export function descriptorOutput(
  fd: number,
  stream: () => ProcessStream,
  platform: NodeJS.Platform = process.platform,
  write: (fd: number, bytes: Uint8Array) => number = writeSync,
): Output {
  if (platform === 'win32') {
    return {
      write: (text: string) => stream().write(text),
      get isTTY() {
        return stream().isTTY === true;
      },
    };
  }
  let fallback = false;
  let closed = false;
  return {
    write(text: string) {
      if (closed) return false;
      if (fallback) return stream().write(text);
      let rest = Buffer.from(text, 'utf8');
      while (rest.length > 0) {
        try {
          rest = rest.subarray(write(fd, rest));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') {
            closed = true;
            return false;
          }
          if (code !== 'EAGAIN') throw error;
          fallback = true;
          return stream().write(rest);
        }
      }
      return true;
    },
    get isTTY() {
      return stream().isTTY === true;
    },
  };
}
