// Same-size stand-in for <MosCharts>, free of recharts, for a Suspense fallback or a first load.
import { useId } from 'react';
import {
  MOS_CHARTS_TITLE,
  MULTIPLE_CARD_HEIGHT,
  MULTIPLES_TITLE,
  OVERVIEW_HEIGHT,
  OVERVIEW_TITLE,
} from './mos-chart-style.ts';
import './mos-charts.css';

export function MosChartsSkeleton({
  placeholderAgents = 4,
  label = 'Loading MOS…',
}: {
  placeholderAgents?: number;
  /** What the overview's stand-in says (what the charts wait for). */
  label?: string;
}) {
  const headingId = useId();
  return (
    <section className="mos-charts" aria-labelledby={headingId} aria-busy="true">
      <h2 id={headingId}>{MOS_CHARTS_TITLE}</h2>
      <h3>{OVERVIEW_TITLE}</h3>
      <div className="mos-skeleton" style={{ height: OVERVIEW_HEIGHT }}>
        <span className="mos-skeleton__label">{label}</span>
      </div>
      <h3>{MULTIPLES_TITLE}</h3>
      <div className="mos-multiples__list">
        {Array.from({ length: placeholderAgents }, (_, i) => (
          <div key={i} className="mos-skeleton" style={{ height: MULTIPLE_CARD_HEIGHT }} />
        ))}
      </div>
    </section>
  );
}
