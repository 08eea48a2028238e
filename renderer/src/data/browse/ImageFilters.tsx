import { useId } from 'react';
import type { Facets } from '../../../../app/api/contract';
import { formatCount } from '../../common/format';
import { facetOptions, facetValueLabel, SORT_LABELS, type BrowseFilters, type FacetName, type SortKey } from './filters';

const ALL = '\u0000all';

const FACET_LABELS: Record<FacetName, string> = { status: 'Status', view: 'View', modality: 'Modality', sex: 'Sex' };

function FacetSelect({
  facet,
  facets,
  value,
  onChange,
}: {
  facet: FacetName;
  facets: Facets | undefined;
  value: string | undefined;
  onChange(value: string | undefined): void;
}) {
  const id = useId();
  const options = facetOptions(facets, facet);
  const total = options.reduce((n, o) => n + o.count, 0);
  // Keep a chosen value selectable even when the facets no longer list it (e.g. after a re-import).
  if (value !== undefined && !options.some((o) => o.value === value)) options.push({ value, count: 0 });
  return (
    <div className="filter">
      <label htmlFor={id}>{FACET_LABELS[facet]}</label>
      <select id={id} value={value ?? ALL} onChange={(e) => onChange(e.target.value === ALL ? undefined : e.target.value)}>
        <option value={ALL}>All ({formatCount(total)})</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {facetValueLabel(facet, o.value)} ({formatCount(o.count)})
          </option>
        ))}
      </select>
    </div>
  );
}

interface ImageFiltersProps {
  readonly facets: Facets | undefined;
  readonly filters: BrowseFilters;
  onChange(filters: BrowseFilters): void;
}

/** Facet filters with counts, sort, direction, and file-name search. */
export function ImageFilters({ facets, filters, onChange }: ImageFiltersProps) {
  const sortId = useId();
  const searchId = useId();
  const set = (patch: Partial<BrowseFilters>) => onChange({ ...filters, ...patch });
  return (
    <div className="filters" role="search" aria-label="Image filters">
      <div className="filter search">
        <label htmlFor={searchId}>Search file names</label>
        <input
          id={searchId}
          type="search"
          value={filters.search}
          placeholder="e.g. 00001234 or .dcm"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set({ search: e.target.value })}
        />
      </div>
      <FacetSelect facet="status" facets={facets} value={filters.status} onChange={(v) => set({ status: v as BrowseFilters['status'] })} />
      <FacetSelect facet="view" facets={facets} value={filters.view} onChange={(v) => set({ view: v })} />
      <FacetSelect facet="modality" facets={facets} value={filters.modality} onChange={(v) => set({ modality: v })} />
      <FacetSelect facet="sex" facets={facets} value={filters.sex} onChange={(v) => set({ sex: v })} />
      <div className="filter">
        <label htmlFor={sortId}>Sort by</label>
        <div className="sort-control">
          <select id={sortId} value={filters.sort} onChange={(e) => set({ sort: e.target.value as SortKey })}>
            {(Object.keys(SORT_LABELS) as SortKey[]).map((k) => (
              <option key={k} value={k}>
                {SORT_LABELS[k]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="toggle"
            aria-pressed={filters.descending}
            aria-label="Descending"
            title={filters.descending ? 'Descending (click for ascending)' : 'Ascending (click for descending)'}
            onClick={() => set({ descending: !filters.descending })}
          >
            {filters.descending ? '↓' : '↑'}
          </button>
        </div>
      </div>
    </div>
  );
}
