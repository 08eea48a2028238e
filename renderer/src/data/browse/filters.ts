import type { Facets, ImageSummary } from '../../../../app/api/contract';
import type { ImageListQuery } from './useImagePages';

export type FacetName = 'status' | 'view' | 'modality' | 'sex';
export type SortKey = ImageListQuery['sort'] & string;

/** What the filter bar controls; undefined facet = all values. "" is "not recorded". */
export interface BrowseFilters {
  readonly status?: ImageSummary['status'];
  readonly view?: string;
  readonly modality?: string;
  readonly sex?: string;
  readonly sort: SortKey;
  readonly descending: boolean;
  readonly search: string;
}

export const DEFAULT_FILTERS: BrowseFilters = { sort: 'path', descending: false, search: '' };

export const STATUS_LABELS: Record<ImageSummary['status'], string> = {
  ok: 'Imported',
  duplicate: 'Duplicate',
  no_image: 'No image',
  error: 'Failed',
};

export const SORT_LABELS: Record<SortKey, string> = { path: 'File path', imported: 'Import order', size: 'File size', age: 'Patient age' };

export function facetValueLabel(facet: FacetName, value: string): string {
  if (value === '') return 'Not recorded';
  if (facet === 'status') return STATUS_LABELS[value as ImageSummary['status']] ?? value;
  if (facet === 'sex') return value === 'M' ? 'Male' : value === 'F' ? 'Female' : value === 'O' ? 'Other' : value;
  return value;
}

/** Facet entries, most frequent first (status in its fixed order). */
export function facetOptions(facets: Facets | undefined, facet: FacetName): { value: string; count: number }[] {
  const counts = facets?.[facet] ?? {};
  const entries = Object.entries(counts).map(([value, count]) => ({ value, count }));
  if (facet === 'status') {
    const order = Object.keys(STATUS_LABELS);
    return entries.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
  }
  return entries.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export function toQuery(datasetId: number, f: BrowseFilters, search: string): ImageListQuery {
  const q: { -readonly [K in keyof ImageListQuery]: ImageListQuery[K] } = { datasetId, sort: f.sort, descending: f.descending };
  if (f.status !== undefined) q.status = f.status;
  if (f.view !== undefined) q.view = f.view;
  if (f.modality !== undefined) q.modality = f.modality;
  if (f.sex !== undefined) q.sex = f.sex;
  const trimmed = search.trim();
  if (trimmed) q.search = trimmed;
  return q;
}
