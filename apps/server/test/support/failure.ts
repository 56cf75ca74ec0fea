import { AppError } from '../../src/core/errors.ts';

/** The AppError a call fails with; fails the test if the call succeeds or throws anything else. */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
