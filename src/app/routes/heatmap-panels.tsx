// The test page's heatmaps: one row order for both (sorted as the URL says), each with the metric
// it shows, the CSV download beside them, and why the window is empty when it is.
import type { ComponentProps } from 'react';
import { HEATMAP_METRICS, METRICS, type HeatmapMetric } from '../../lib/metrics.ts';
import type { RoundsMatrix } from '../../lib/model.ts';
import type { AgentOrder } from '../../lib/url-state.ts';
import { CsvDownloadButton } from '../../features/csv-export/csv-download-button.tsx';
import { Heatmap } from '../../features/heatmap/heatmap.tsx';
import styles from './test-dashboard.module.css';

type HeatmapProps = ComponentProps<typeof Heatmap>;

/** What each heatmap shares; the matrix, metric and row order come from the panels. */
export type SharedHeatmapProps = Omit<
  HeatmapProps,
  'matrix' | 'metric' | 'rowOrder' | 'onOpenCell' | 'cellsRef' | 'pngExport' | 'rowLabelOf'
>;

export function HeatmapPanels({
  metrics,
  onMetricPick,
  agentOrder,
  onAgentOrderChange,
  csv,
  emptyReason,
  matrix,
  rowOrder,
  heatmap,
  onOpenCell,
  cellsRef,
  pngExportOf,
}: {
  metrics: readonly HeatmapMetric[];
  /**
   * One slot's metric was picked. The owner puts it beside the other slot as the address holds it
   * when it writes, not as this render shows it (a second pick may follow before a render).
   */
  onMetricPick: (slot: 0 | 1, metric: HeatmapMetric) => void;
  agentOrder: AgentOrder;
  onAgentOrderChange: (order: AgentOrder) => void;
  /** The CSV download, once there is data. */
  csv: ComponentProps<typeof CsvDownloadButton> | undefined;
  emptyReason: string | undefined;
  /** Undefined while nothing is shaped yet: the panels show skeletons. */
  matrix: RoundsMatrix | undefined;
  rowOrder: readonly number[] | undefined;
  heatmap: SharedHeatmapProps;
  /** A cell opened from heatmap `slot`. */
  onOpenCell: (slot: number, agentIndex: number, roundIndex: number) => void;
  cellsRef: (slot: number, element: HTMLDivElement | null) => void;
  pngExportOf: (metric: HeatmapMetric) => { title: string; fileName: string };
}) {
  return (
    <section className={styles.heatmaps} aria-label="Heatmaps" id="heatmaps" tabIndex={-1}>
      <div className={styles.heatmapToolbar}>
        <label>
          Sort agents{' '}
          <select
            value={agentOrder}
            onChange={(event) => onAgentOrderChange(event.target.value as AgentOrder)}
          >
            <option value="worst">worst MOS first</option>
            <option value="name">by name</option>
            <option value="country">by country</option>
          </select>
        </label>
        {csv && <CsvDownloadButton {...csv} />}
      </div>
      {emptyReason !== undefined && (
        <p role="note" className={styles.emptyReason}>
          {emptyReason}
        </p>
      )}
      {metrics.map((metric, slot) => (
        <div key={slot} className={styles.heatmapPanel}>
          <label className={styles.metricPicker}>
            Heatmap {slot + 1} shows{' '}
            <select
              value={metric}
              onChange={(event) => {
                onMetricPick(slot === 0 ? 0 : 1, event.target.value as HeatmapMetric);
              }}
            >
              {HEATMAP_METRICS.map((option) => (
                <option key={option} value={option}>
                  {METRICS[option].name}
                </option>
              ))}
            </select>
          </label>
          {matrix && rowOrder ? (
            <Heatmap
              {...heatmap}
              matrix={matrix}
              metric={metric}
              rowOrder={rowOrder}
              onOpenCell={(agentIndex, roundIndex) => onOpenCell(slot, agentIndex, roundIndex)}
              cellsRef={(element) => cellsRef(slot, element)}
              rowLabelOf={agentOrder === 'country' ? labelWithCountry : undefined}
              pngExport={pngExportOf(metric)}
            />
          ) : (
            <div className={styles.heatmapSkeleton} aria-hidden="true" />
          )}
        </div>
      ))}
    </section>
  );
}

/** Sorted by country, a row says its country: "DE · Frankfurt 3". */
function labelWithCountry(agent: { agentName: string; countryId: string }): string {
  return agent.countryId === '' ? agent.agentName : `${agent.countryId} · ${agent.agentName}`;
}
