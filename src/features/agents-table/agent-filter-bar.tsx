// The page's one agent filter: by name (or location, country, type), by agent type and by country.
// It sits above the heatmaps and filters every view; its state is the URL's.
import { useId, useState } from 'react';
import { formatCount, formatPartOf } from '../../lib/format.ts';
import type { AgentFilter, AgentKindChoice } from '../../lib/url-state.ts';
import styles from './agents-table.module.css';

export interface AgentFilterBarProps {
  filter: AgentFilter;
  /** Only the part a person changed, so quick changes in a row never undo each other. */
  onChange(change: Partial<AgentFilter>): void;
  /** Country codes to offer (countriesOf), A→Z. */
  countries: readonly string[];
  shown: number;
  total: number;
}

export function AgentFilterBar({ filter, onChange, countries, shown, total }: AgentFilterBarProps) {
  const textId = useId();
  const kindId = useId();
  const countryId = useId();
  // The box keeps what is typed (spaces and all); the URL keeps the filter. A new filter from
  // the URL (Back, a link) replaces what the box shows.
  const [typed, setTyped] = useState(filter.text);
  const [filterSeen, setFilterSeen] = useState(filter.text);
  if (filterSeen !== filter.text) {
    setFilterSeen(filter.text);
    if (typed.trim() !== filter.text) setTyped(filter.text);
  }
  // A country from a link that no agent of this window is in stays choosable, so it can be seen.
  const countryOptions =
    filter.country !== undefined && !countries.includes(filter.country)
      ? [filter.country, ...countries]
      : countries;
  return (
    <div className={styles.filterBar} role="search" aria-label="Agent filter">
      <label htmlFor={textId}>Filter agents</label>
      <input
        id={textId}
        type="search"
        value={typed}
        placeholder="Name, country, location or type"
        onChange={(event) => {
          setTyped(event.target.value);
          onChange({ text: event.target.value.trim() });
        }}
      />
      <label htmlFor={kindId}>Agent type</label>
      <select
        id={kindId}
        value={filter.kind}
        onChange={(event) => onChange({ kind: event.target.value as AgentKindChoice })}
      >
        <option value="all">All</option>
        <option value="cloud">Cloud</option>
        <option value="enterprise">Enterprise</option>
      </select>
      <label htmlFor={countryId}>Country</label>
      <select
        id={countryId}
        value={filter.country ?? ''}
        onChange={(event) =>
          onChange({ country: event.target.value === '' ? undefined : event.target.value })
        }
      >
        <option value="">All</option>
        {countryOptions.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
      <span className={styles.count} aria-live="polite">
        {shown === total
          ? formatCount(total, 'agent', 'agents')
          : formatPartOf(shown, total, 'agents')}
      </span>
    </div>
  );
}
