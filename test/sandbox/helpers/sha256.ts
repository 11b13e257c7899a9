// The hash constructor @smithy/signature-v4 wants, from node:crypto.
import { createHash, createHmac } from 'node:crypto';
import type { Hash } from 'node:crypto';

export class Sha256 {
  private readonly hash: Hash | ReturnType<typeof createHmac>;

  constructor(secret?: string | Uint8Array) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }

  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}
