import { buddies } from '../ops/buddies';
import { correspond } from '../ops/correspond';
import { cosegment, exportCosegment } from '../ops/cosegment';
import { embeddings } from '../ops/embeddings';
import { evaluateLandmarks } from '../ops/landmarks';
import { report } from '../ops/report';
import { suggest } from '../ops/suggest';

/** Everything the analysis worker can do; the host calls these by name with plain-data requests. */
export const ANALYSIS_OPS = {
  correspond,
  buddies,
  landmarks: evaluateLandmarks,
  cosegment,
  cosegmentExport: exportCosegment,
  embeddings,
  report,
  suggest,
} as const;

export type AnalysisOps = typeof ANALYSIS_OPS;
export type AnalysisOpName = keyof AnalysisOps;

export const isAnalysisOp = (name: string): name is AnalysisOpName => Object.prototype.hasOwnProperty.call(ANALYSIS_OPS, name);
