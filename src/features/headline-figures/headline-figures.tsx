// The five-second read of a test's health: every figure against the codec's ceiling where it applies.
import type { HeadlineFigures as Figures } from '../../lib/headline-figures.ts';
import { formatMetric, formatNumber } from '../../lib/format.ts';
import styles from './headline-figures.module.css';

function headroomText(mos: number | undefined, ceiling: number | undefined): string {
  if (mos === undefined || ceiling === undefined) return 'ceiling unknown';
  return `${(ceiling - mos).toFixed(2)} below ${ceiling.toFixed(2)} max`;
}

export function HeadlineFigures({ figures }: { figures: Figures | undefined }) {
  const items: { label: string; value: string; detail?: string }[] = figures
    ? [
        {
          label: 'Agents reporting',
          value: formatNumber(figures.agentsReporting),
          detail: `of ${formatNumber(figures.agentsTotal)}`,
        },
        {
          label: 'Median MOS',
          value: formatMetric('mos', figures.mosMedian),
          detail: headroomText(figures.mosMedian, figures.codecMaxMos),
        },
        {
          label: 'Worst agent MOS',
          value: formatMetric('mos', figures.worstAgent?.mosMean),
          detail: figures.worstAgent
            ? `${figures.worstAgent.agentName}: ${headroomText(figures.worstAgent.mosMean, figures.worstAgent.codecMaxMos)}`
            : undefined,
        },
        { label: 'Mean loss', value: formatMetric('loss', figures.lossMean) },
        { label: 'p95 latency', value: formatMetric('latency', figures.latencyP95) },
        { label: 'Mean PDV', value: formatMetric('pdv', figures.pdvMean) },
        {
          label: 'Error rounds',
          value: formatNumber(figures.errorRounds),
          detail: `of ${formatNumber(figures.roundsReported)} reported`,
        },
      ]
    : [];
  return (
    <dl className={styles.figures} aria-label="Headline figures" aria-busy={!figures}>
      {figures
        ? items.map((item) => (
            <div key={item.label} className={styles.figure}>
              <dt>{item.label}</dt>
              <dd>
                <span className={styles.value}>{item.value}</span>
                {item.detail && <span className={styles.detail}>{item.detail}</span>}
              </dd>
            </div>
          ))
        : Array.from({ length: 7 }, (_, index) => (
            <div
              key={index}
              className={`${styles.figure} ${styles.placeholder}`}
              aria-hidden="true"
            />
          ))}
    </dl>
  );
}
