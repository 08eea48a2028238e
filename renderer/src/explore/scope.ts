import type { Dataset, ImageSummary } from '../../../app/api/contract';
import type { Template } from '../../../app/api/schemas/annotations';
import type { FeatureSettingsInput, FeatureSource, FeatureSourceRef } from '../../../app/api/schemas/explore';
import type { Size } from '../data/viewer/viewport';

/** An image of the chosen dataset that can be analysed: imported, with its original size. */
export interface ExploreImage {
  readonly id: number;
  readonly fileName: string;
  readonly size: Size;
}

export interface ChosenSource {
  readonly ref: FeatureSourceRef;
  readonly label: string;
}

/** What every tab works on: the header's choices. */
export interface ExploreScope {
  readonly projectId: number;
  readonly dataset: Dataset;
  readonly images: readonly ExploreImage[];
  /** Undefined until a usable source is chosen. */
  readonly source: ChosenSource | undefined;
  /** The optional second source shown side by side. */
  readonly compare: ChosenSource | undefined;
  readonly settings: FeatureSettingsInput | undefined;
  /** Why nothing can be computed right now (no usable source, invalid settings); undefined when all is set. */
  readonly blocked: string | undefined;
  readonly templates: readonly Template[];
  /** Every source of the project, usable or not (the Report tab offers the baselines). */
  readonly sources: readonly FeatureSource[];
  /** The cache holds display grays already (8-bit datasets): the file's own window must not be applied again. */
  readonly voiApplied: boolean;
}

export function exploreImages(items: readonly ImageSummary[]): ExploreImage[] {
  return items.flatMap((i) => (i.status === 'ok' && i.width && i.height ? [{ id: i.id, fileName: i.fileName, size: { width: i.width, height: i.height } }] : []));
}
