import { describe, expect, it } from 'vitest';
import { agentNameWithLocation } from './agents.ts';

describe('agentNameWithLocation', () => {
  it('names an agent with where it is, when that is known and not already in its name', () => {
    expect(agentNameWithLocation('sjc-office-01', 'San Jose, CA')).toBe(
      'sjc-office-01 (San Jose, CA)',
    );
    expect(agentNameWithLocation('sjc-office-01', undefined)).toBe('sjc-office-01');
    expect(agentNameWithLocation('sjc-office-01', '  ')).toBe('sjc-office-01');
    // Cloud agents are named by their city: the location is not said twice.
    expect(agentNameWithLocation('Frankfurt, Germany', 'Frankfurt, Germany')).toBe(
      'Frankfurt, Germany',
    );
    expect(agentNameWithLocation('Frankfurt, Germany (2)', 'frankfurt, germany')).toBe(
      'Frankfurt, Germany (2)',
    );
  });
});
