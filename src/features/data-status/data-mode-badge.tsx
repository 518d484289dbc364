// Says plainly when the data is simulated (DESIGN.md): nobody should mistake it for production.
import { useEarshotConfig } from '../../api/earshot-config.ts';
import styles from './data-status.module.css';

export function DataModeBadge() {
  const config = useEarshotConfig();
  if (config.data?.mode !== 'simulator') return null;
  return (
    <span
      className={styles.simulated}
      title="No ThousandEyes credentials are configured on the Earshot server; set TE_TOKEN to see live data."
    >
      Simulated data
    </span>
  );
}
