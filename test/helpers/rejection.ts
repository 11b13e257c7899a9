// The CoreError a promise rejects with; anything else (or no rejection) fails the test.
import { CoreError } from '../../main/core/errors.js';

export async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}
