import type { SuggestedPoint, TemplatePoint } from '../../api/schemas/annotations';

/**
 * Suggestions pre-place a template's landmarks on an image from what is already annotated. Several providers can
 * exist; the service asks them in order and the first that is available answers:
 *
 *   1. model-based (NOT IMPLEMENTED YET — the correspondence issue adds it): with a pretrained checkpoint of the
 *      project, embed the target image and the annotated reference images into patch features, and place each
 *      landmark at the target patch most similar to the reference patches under that landmark (zero-shot
 *      correspondence); confidence from the match similarity. It will implement SuggestionProvider with
 *      source 'model', answer `available: false` (with the reason) when the project has no checkpoint, and live
 *      next to the correspondence code in app/analysis/ so the correspondence and co-segmentation viewers share it.
 *   2. atlas prior (atlas.ts): the mean normalised position of each landmark over annotated images.
 */
export interface SuggestionTarget {
  readonly imageId: number;
  readonly datasetId: number;
  readonly projectId: number;
  readonly templateId: number;
  readonly points: readonly TemplatePoint[];
  /** Original size of the target image: the frame of the suggested positions. */
  readonly width: number;
  readonly height: number;
}

export interface ProviderAnswer {
  readonly available: boolean;
  /** Why (not): shown to the annotator. */
  readonly reason: string;
  /** Annotated images the answer is based on (never including the target itself). */
  readonly basedOnImages: number;
  /** Only landmarks the provider can place; others are left to the annotator. */
  readonly points: readonly SuggestedPoint[];
}

export interface SuggestionProvider {
  readonly source: SuggestedPoint['source'];
  suggest(target: SuggestionTarget, signal: AbortSignal): Promise<ProviderAnswer> | ProviderAnswer;
}
