export type SectionId = 'projects' | 'data' | 'annotate' | 'train' | 'explore' | 'runs';

export interface Section {
  readonly id: SectionId;
  readonly label: string;
}

export const SECTIONS: readonly Section[] = [
  { id: 'projects', label: 'Projects' },
  { id: 'data', label: 'Data' },
  { id: 'annotate', label: 'Annotate' },
  { id: 'train', label: 'Train' },
  { id: 'explore', label: 'Explore' },
  { id: 'runs', label: 'Runs' },
];

export const DEFAULT_SECTION: SectionId = 'projects';

export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '');
  return SECTIONS.some((s) => s.id === id) ? (id as SectionId) : DEFAULT_SECTION;
}
