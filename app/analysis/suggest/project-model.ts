import type { CallContext } from '../../api/dispatcher';
import { listRuns } from '../../runs/store';
import type { Db } from '../../store/database';
import { annotatedImages, imageRefs, resolveSource } from '../refs';
import type { AnalysisHost } from '../worker/host';
import type { ProviderAnswer, SuggestionProvider, SuggestionTarget } from './types';

/** The project's newest run that has a checkpoint: its teacher suggests landmarks. */
function projectRunWithCheckpoint(db: Db, projectId: number): number | null {
  return listRuns(db, projectId).find((r) => r.checkpoints > 0)?.id ?? null;
}

/**
 * Model-based suggestions through the analysis worker (where models and feature caches live): the database side
 * gathers the checkpoint, the reference annotations and the cache files, the worker matches.
 */
export function projectModelProvider(db: Db, dataDir: string, host: () => AnalysisHost): SuggestionProvider {
  return {
    source: 'model',
    async suggest(target: SuggestionTarget, signal: AbortSignal): Promise<ProviderAnswer> {
      const runId = projectRunWithCheckpoint(db, target.projectId);
      if (runId === null) return { available: false, reason: 'No pretrained checkpoint in this project yet (train one on the Train page).', basedOnImages: 0, points: [] };
      const references = annotatedImages(db, target.datasetId, target.templateId).images.filter((a) => a.imageId !== target.imageId);
      if (references.length === 0) return { available: false, reason: 'No other image of this dataset has landmarks placed with this template yet.', basedOnImages: 0, points: [] };
      const { spec } = resolveSource(db, { kind: 'run', runId });
      const images = imageRefs(db, dataDir, [target.imageId, ...references.map((r) => r.imageId)]);
      const ctx: CallContext = { signal, progress: () => undefined };
      return host().call('suggest', { spec, target, references, images }, ctx);
    },
  };
}
