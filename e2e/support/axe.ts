// axe over a page: the serious and critical violations, short enough to read in a failure.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The whole page, or only what `include` selects (a dialog over a page scanned on its own). */
export async function seriousViolations(page: Page, include?: string) {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      why: v.nodes[0]?.failureSummary,
    }));
}
