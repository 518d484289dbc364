import { describe, expect, it } from 'vitest';
import { credentialScrubber } from './upstream-answer.ts';

describe('credentialScrubber', () => {
  const basic = credentialScrubber({
    kind: 'basic',
    email: 'noc@example.com',
    basicToken: 'bäsic-token-42',
  });
  const base64 = Buffer.from('noc@example.com:bäsic-token-42').toString('base64');

  it('removes every form of the credential from bytes exactly as from the text', () => {
    for (const text of [
      'plain bäsic-token-42 and again bäsic-token-42.',
      `header Basic ${base64}, url noc%40example.com%3Ab%C3%A4sic-token-42`,
      'pair noc@example.com:bäsic-token-42 at the end bäsic-token-42',
    ]) {
      const bytes = basic.bytes(Buffer.from(text));
      expect(bytes.toString()).toBe(basic(text));
      expect(bytes.toString()).not.toContain('bäsic-token-42');
    }
  });

  it('hands back the very bytes when there is nothing to remove', () => {
    const clean = Buffer.from('{"results":[{"agentName":"Zürich"}]}');
    expect(basic.bytes(clean)).toBe(clean);
  });
});
