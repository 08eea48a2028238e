import type { SuggestedPoint, TemplatePoint } from '../../api/schemas/annotations';

/**
 * Suggestions pre-place a template's landmarks on an image from what is already annotated. Several providers can
 * exist; the service asks them in order and the first that is available answers:
 *
 *   1. model-based (model.ts, run in the analysis worker via project-model.ts): with a pretrained checkpoint of the
 *      project, the target's patch features are matched to the annotated reference images' features under each
 *      landmark (zero-shot correspondence); confidence from how much the match stands out.
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
