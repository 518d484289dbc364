import { describe, expect, it } from 'vitest';
import { inlineCssVariables } from './export-mos-png.ts';

describe('inlineCssVariables', () => {
  const values: Record<string, string> = { '--mos-line': ' #7cc3e6 ' };
  const valueOf = (name: string) => values[name];

  it('puts the page value in place of each custom property, else its fallback', () => {
    expect(
      inlineCssVariables(
        '<path stroke="var(--mos-line, #0b5cad)"/><path stroke="var(--mos-p5, #c2410c)"/>',
        valueOf,
      ),
    ).toBe('<path stroke="#7cc3e6"/><path stroke="#c2410c"/>');
  });

  it('leaves a property with neither a value nor a fallback as it was', () => {
    expect(inlineCssVariables('<text fill="var(--nowhere)"/>', valueOf)).toBe(
      '<text fill="var(--nowhere)"/>',
    );
    expect(inlineCssVariables('<text fill="var(--mos-line)"/>', valueOf)).toBe(
      '<text fill="#7cc3e6"/>',
    );
  });
});
