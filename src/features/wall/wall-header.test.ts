import { describe, expect, it } from 'vitest';
import { localClockText } from './wall-header.tsx';

describe('the wall clock', () => {
  it('shows local time only where it reads differently from UTC', () => {
    expect(localClockText('23:21:01 UTC', '23:21:01 UTC', 'UTC')).toBeUndefined();
    expect(localClockText('23:21:01 UTC', '23:21:01 GMT', 'Europe/London')).toBeUndefined();
    expect(localClockText('23:21:01 UTC', '00:21:01 CET', 'Europe/Paris')).toBe(
      '00:21:01 CET Europe/Paris',
    );
  });
});
