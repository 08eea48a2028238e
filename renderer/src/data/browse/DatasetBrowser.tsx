import { useCallback, useEffect, useState } from 'react';
import type { Dataset } from '../../../../app/api/contract';
import { useApiQuery } from '../../api/useApiQuery';
import { formatCount } from '../../common/format';
import { FormError } from '../../common/FormError';
import { ImageViewer } from '../viewer/ImageViewer';
import { DEFAULT_FILTERS, toQuery, type BrowseFilters } from './filters';
import { ImageFilters } from './ImageFilters';
import { ImageGrid } from './ImageGrid';
import { useDebounced } from './useDebounced';
import { useImagePages } from './useImagePages';

/** Search waits until typing pauses, so each keystroke does not query 100,000 rows. */
const SEARCH_DEBOUNCE_MS = 300;

/** One dataset's images: filters, the virtualized grid, and the viewer over the same filtered order. */
export function DatasetBrowser({ dataset, refresh }: { dataset: Dataset; refresh: number }) {
  const [filters, setFilters] = useState<BrowseFilters>(DEFAULT_FILTERS);
  const search = useDebounced(filters.search, SEARCH_DEBOUNCE_MS);
  const query = toQuery(dataset.id, filters, search);
  const pages = useImagePages(query, refresh);
  const facets = useApiQuery('images.facets', { datasetId: dataset.id });
  const reloadFacets = facets.reload;
  useEffect(() => {
    if (refresh > 0) reloadFacets();
  }, [refresh, reloadFacets]);
  const [viewerIndex, setViewerIndex] = useState<number | null>(null);
  const [lastViewed, setLastViewed] = useState<number | null>(null);

  const changeFilters = useCallback((next: BrowseFilters) => {
    setFilters(next);
    setViewerIndex(null);
    setLastViewed(null);
  }, []);

  const total = pages.total;
  return (
    <section className="browser" aria-label={`Images of ${dataset.name}`}>
      <div className="browser-header">
        <h2>
          {dataset.name} <span className="muted">· images</span>
        </h2>
        <span className="browser-count" role="status" data-testid="browser-count">
          {total === undefined ? 'Loading…' : `${formatCount(total)} image${total === 1 ? '' : 's'}${query.search || query.status || query.view !== undefined || query.modality !== undefined || query.sex !== undefined ? ' match' : ''}`}
        </span>
      </div>
      <ImageFilters facets={facets.data} filters={filters} onChange={changeFilters} />
      {pages.error && <FormError>Could not load images: {pages.error}</FormError>}
      {total === 0 ? (
        <div className="grid-empty">
          <p className="muted">
            {dataset.counts.total === 0 ? 'No images yet. Use “Import…” in the dataset’s row to add files or folders.' : 'No image matches these filters.'}
          </p>
        </div>
      ) : (
        <ImageGrid pages={pages} currentIndex={viewerIndex ?? lastViewed} onOpen={setViewerIndex} />
      )}
      {viewerIndex !== null && (
        <ImageViewer
          dataset={dataset}
          pages={pages}
          index={viewerIndex}
          onIndexChange={setViewerIndex}
          onClose={() => {
            setLastViewed(viewerIndex);
            setViewerIndex(null);
          }}
        />
      )}
    </section>
  );
}
