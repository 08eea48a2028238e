import type { SuggestOutput } from '../../api/schemas/annotations';
import type { Db } from '../../store/database';
import { buildAtlas, placeAtlas, type AtlasSample } from './atlas';
import type { ProviderAnswer, SuggestionProvider, SuggestionTarget } from './types';

/** The atlas becomes useful at about this many annotated images (the "from the tenth image on"). */
const USEFUL_FROM = 10;

/** Atlas prior from the dataset's annotations (every annotator), never from the target image itself. */
export function atlasProvider(db: Db): SuggestionProvider {
  const query = db.prepare(
    `SELECT a.image_id AS imageId, a.landmark, (a.x + 0.5) / i.cols AS u, (a.y + 0.5) / i.rows AS v
     FROM landmark_annotations a JOIN images i ON i.id = a.image_id
     WHERE i.dataset_id = ? AND a.template_id = ? AND a.state = 'placed' AND a.image_id <> ? AND i.cols > 0 AND i.rows > 0`,
  );
  return {
    source: 'atlas',
    suggest(target: SuggestionTarget): ProviderAnswer {
      const samples = query.all(target.datasetId, target.templateId, target.imageId) as AtlasSample[];
      const basedOnImages = new Set(samples.map((s) => s.imageId)).size;
      if (basedOnImages === 0) {
        return { available: false, reason: 'No other image of this dataset has landmarks placed with this template yet.', basedOnImages, points: [] };
      }
      const points = placeAtlas(buildAtlas(samples), target.points, target.width, target.height);
      const hint = basedOnImages < USEFUL_FROM ? ` It becomes useful from about ${USEFUL_FROM} annotated images.` : '';
      return {
        available: points.length > 0,
        reason: `Mean position over ${basedOnImages} annotated image${basedOnImages === 1 ? '' : 's'} (atlas prior).${hint}`,
        basedOnImages,
        points,
      };
    },
  };
}

export interface SuggestionService {
  suggest(target: SuggestionTarget, signal: AbortSignal): Promise<SuggestOutput>;
}

/** Asks the providers in order (model-based first, the atlas last); the first available answers. */
export function createSuggestionService(providers: readonly SuggestionProvider[]): SuggestionService {
  return {
    async suggest(target, signal) {
      const reasons: string[] = [];
      let based = 0;
      for (const provider of providers) {
        const answer = await provider.suggest(target, signal);
        if (answer.available) {
          return {
            imageId: target.imageId,
            templateId: target.templateId,
            available: true,
            source: provider.source,
            // Why earlier (better) providers declined stays visible: e.g. that there is no checkpoint yet.
            reason: [answer.reason, ...reasons.map((r) => `(${r})`)].join(' '),
            basedOnImages: answer.basedOnImages,
            points: [...answer.points],
          };
        }
        reasons.push(answer.reason);
        based = Math.max(based, answer.basedOnImages);
      }
      return { imageId: target.imageId, templateId: target.templateId, available: false, source: null, reason: reasons.join(' ') || 'No suggestion provider.', basedOnImages: based, points: [] };
    },
  };
}
