import type { ProviderAnswer, SuggestionTarget } from '../suggest/types';
import { modelProvider } from '../suggest/model';
import type { AnnotatedImage, ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';
import { analysisImage, type SourceInput } from './common';

export interface SuggestRequest extends SourceInput {
  readonly target: SuggestionTarget;
  readonly references: readonly AnnotatedImage[];
  /** The target and every reference. */
  readonly images: readonly ImageRef[];
}

/** Model-based landmark suggestions for the Annotate page, computed where the models live. */
export async function suggest(req: SuggestRequest, ctx: AnalysisContext): Promise<ProviderAnswer> {
  const refs = new Map(req.images.map((r) => [r.id, r]));
  const provider = modelProvider({
    extractor: () => ctx.extractor(req.spec),
    features: ctx.features,
    references: () => req.references,
    image: (id) => analysisImage(refs.get(id)!),
  });
  return provider.suggest(req.target, ctx.signal);
}
