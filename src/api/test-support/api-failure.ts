// The ApiError a request fails with, for tests of how the API layer words and classifies failures.
import { ApiError } from '../fetch-client.ts';

/** The ApiError `promise` rejects with; any other outcome fails the test. */
export async function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail with an ApiError');
}
