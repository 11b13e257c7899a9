import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, STATE_CHANNEL, STATE_REQUEST_CHANNEL, operationChannel } from '../../main/app/ipc-channels.js';
import { operationNames } from '../../main/contract.js';

describe('IPC channels', () => {
  it('name every contract operation once, and nothing else', () => {
    expect([...OPERATION_NAMES].sort()).toEqual([...operationNames].sort());
  });

  it('are distinct per operation and from the state channels', () => {
    const channels = OPERATION_NAMES.map(operationChannel);
    expect(new Set([...channels, STATE_CHANNEL, STATE_REQUEST_CHANNEL]).size).toBe(channels.length + 2);
  });
});
