// The CLI's outputs write straight to the file descriptor (no stream machinery at start-up),
// fall back to the process stream, in order, when a non-blocking descriptor is full, end
// quietly when the reader has gone, and leave Windows consoles to Node's streams.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { descriptorOutput } from '../../main/cli/output.js';
import { ensureCli } from './kube/kube-env.js';

function fakeStream(isTTY = false) {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string | Uint8Array) => written.push(Buffer.from(text).toString('utf8')) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

describe('descriptorOutput', () => {
  it('writes UTF-8 text to the descriptor, without touching the process stream', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-output-'));
    try {
      const file = path.join(folder, 'out.txt');
      const handle = await open(file, 'w');
      let touched = false;
      const output = descriptorOutput(handle.fd, () => {
        touched = true;
        return fakeStream().stream;
      }, 'linux');
      output.write('SESSION  acme — 6 h 12 min left\n');
      output.write('second line ✓\n');
      await handle.close();
      expect(await readFile(file, 'utf8')).toBe('SESSION  acme — 6 h 12 min left\nsecond line ✓\n');
      expect(touched).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('finishes partial writes, then hands the rest and everything after to the stream on EAGAIN', () => {
    const { stream, written } = fakeStream();
    const direct: string[] = [];
    let calls = 0;
    const output = descriptorOutput(1, () => stream, 'linux', (_fd, bytes) => {
      calls += 1;
      if (calls === 1) {
        direct.push(Buffer.from(bytes.subarray(0, 3)).toString('utf8'));
        return 3;
      }
      throw errno('EAGAIN');
    });
    output.write('abcdef');
    output.write('ghi');
    expect(direct).toEqual(['abc']);
    expect(written).toEqual(['def', 'ghi']);
  });

  it('stops quietly when the reader has gone (EPIPE) and rethrows anything else', () => {
    const { stream, written } = fakeStream();
    const output = descriptorOutput(1, () => stream, 'linux', () => {
      throw errno('EPIPE');
    });
    expect(output.write('lost')).toBe(false);
    expect(output.write('also lost')).toBe(false);
    expect(written).toEqual([]);
    const failing = descriptorOutput(1, () => stream, 'linux', () => {
      throw errno('EIO');
    });
    expect(() => failing.write('x')).toThrow('EIO');
  });

  it('asks the stream whether a person is watching only when asked, and uses it on Windows', () => {
    let created = 0;
    const { stream, written } = fakeStream(true);
    const output = descriptorOutput(2, () => {
      created += 1;
      return stream;
    }, 'win32');
    expect(created).toBe(0);
    expect(output.isTTY).toBe(true);
    output.write('through the stream');
    expect(written).toEqual(['through the stream']);
  });

  it('eks-sso exits cleanly when its reader closes the pipe first', async () => {
    const cli = ensureCli();
    const child = spawn(process.execPath, [cli, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
