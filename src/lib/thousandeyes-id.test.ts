import { describe, expect, it } from 'vitest';
import { isThousandEyesId } from './thousandeyes-id.ts';

describe('isThousandEyesId', () => {
  it('takes digits only, 1 to 19 of them', () => {
    expect(['6627', '0', '1234567890123456789'].map(isThousandEyesId)).toEqual([true, true, true]);
    expect(
      ['', '12345678901234567890', '66 27', '-1', '1e3', '7001/../x', 'abc'].map(isThousandEyesId),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
