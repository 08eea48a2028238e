import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../api/errors';
import type { Run, RunExport } from '../../api/schemas/runs';
import { getDataset } from '../../datasets/datasets';
import { MANIFEST } from '../../ssl/checkpoint/checkpoint';
import { writeSafetensors } from '../../ssl/checkpoint/safetensors';
import type { Db } from '../../store/database';
import { codeVersion } from '../../version';
import { getRun, runCheckpointDir } from '../store';
import { type FolderFile, bytesFile, writeFolderAtomic } from './atomic-folder';
import { type CheckpointBackbone, type WeightsChoice, backboneValues, defaultWeights, readCheckpointBackbone } from './checkpoint-backbone';
import { modelCard } from './model-card';
import { sha256File } from '../../util/sha256-file';
import { tfjsWeights } from './tfjs-weights';

export interface ExportOptions {
  /** Absolute folder path. */
  readonly out: string;
  /** Default: the method's released network (defaultWeights). */
  readonly weights?: WeightsChoice;
  readonly force: boolean;
}

export const EXPORT_FILES = { safetensors: 'model.safetensors', tfjs: 'tfjs/model.json', card: 'model-card.json' } as const;

function datasetName(db: Db, id: number): string | null {
  try {
    return getDataset(db, id).name;
  } catch {
    return null;
  }
}

function recordedSha(db: Db, runId: number, step: number): string | undefined {
  return (db.prepare('SELECT sha256 FROM checkpoints WHERE run_id = ? AND step = ?').get(runId, step) as { sha256: string } | undefined)?.sha256;
}

/** tfjs model.json without a graph: our ViT config as the topology and one weights group, in our storage layouts. */
function tfjsModelJson(b: CheckpointBackbone, manifest: ReturnType<typeof tfjsWeights>['manifest']): string {
  return JSON.stringify(
    {
      format: 'cxr-vit-weights',
      generatedBy: `CXR Anatomy Studio ${codeVersion}`,
      convertedBy: `CXR Anatomy Studio ${codeVersion} from ${path.basename(b.file)} (${b.weights})`,
      modelTopology: {
        kind: 'vit',
        config: b.vit,
        layouts: {
          linear: '*.weight of Linear layers is [in, out] (transposed from PyTorch)',
          patchEmbed: 'patch_embed.proj.weight is [kh·kw·cin, out], rows ordered (ky, kx, c)',
          other: 'as PyTorch (cls_token [1,1,D], pos_embed [1,1+N,D], norms and biases [D])',
        },
      },
      weightsManifest: [manifest],
    },
    null,
    2,
  );
}

function checkpointOf(db: Db, run: Run, weights: WeightsChoice): CheckpointBackbone {
  const dir = runCheckpointDir(db, run.id);
  if (!fs.existsSync(path.join(dir, MANIFEST))) {
    throw new ApiError('conflict', `Run ${run.id} (“${run.name}”) has no checkpoint yet: export it after its first checkpoint (every ${String(run.config.checkpointEvery ?? '?')} steps) or pause it.`);
  }
  try {
    return readCheckpointBackbone(dir, weights);
  } catch (err) {
    throw new ApiError(weights === 'teacher' && run.method === 'barlow' ? 'invalid_input' : 'internal', `Run ${run.id}: ${(err as Error).message}`);
  }
}

/**
 * Exports a run's latest checkpoint backbone to `out`: model.safetensors (PyTorch layout, timm keys), a TensorFlow.js
 * weights folder (our layouts, timm keys) and model-card.json — all in one atomic folder write.
 */
export function exportRun(db: Db, runId: number, options: ExportOptions): RunExport {
  if (!path.isAbsolute(options.out)) throw new ApiError('invalid_input', `out: the output folder must be an absolute path on the studio host, not "${options.out}".`);
  const out = path.resolve(options.out);
  const run = getRun(db, runId);
  const backbone = checkpointOf(db, run, options.weights ?? defaultWeights(run.method));
  const sha256 = sha256File(backbone.file);
  const recorded = recordedSha(db, runId, backbone.step);
  if (recorded && recorded !== sha256) {
    throw new ApiError('conflict', `The checkpoint ${backbone.file} no longer matches the SHA-256 recorded when it was written (${recorded.slice(0, 12)}…): the file was changed or damaged.`);
  }
  const values = backboneValues(backbone);
  const ours = new Map(backbone.specs.map((s) => [s.name, { shape: s.shape, data: values.get(s.name)! }]));
  const tfjs = tfjsWeights(ours);
  const card = modelCard({
    run,
    datasets: run.datasetIds.map((id) => ({ id, name: datasetName(db, id) })),
    backbone,
    checkpointSha256: sha256,
    files: { safetensors: EXPORT_FILES.safetensors, tfjs: EXPORT_FILES.tfjs },
    exportedAt: new Date().toISOString(),
    exportedBy: codeVersion,
  });
  const metadata = { format: 'pt', method: backbone.config.method, step: String(backbone.step), weights: backbone.weights, backbone: JSON.stringify(backbone.vit) };
  const tfjsDir = path.posix.dirname(EXPORT_FILES.tfjs);
  const files: FolderFile[] = [
    { path: EXPORT_FILES.safetensors, write: (fd) => writeSafetensors(fd, backbone.torch, metadata) },
    bytesFile(EXPORT_FILES.tfjs, tfjsModelJson(backbone, tfjs.manifest)),
    ...tfjs.shards.map((shard, i) => bytesFile(`${tfjsDir}/${tfjs.manifest.paths[i]}`, shard)),
    bytesFile(EXPORT_FILES.card, `${JSON.stringify(card, null, 2)}\n`),
  ];
  writeFolderAtomic(out, files, options.force);
  return {
    dir: out,
    weights: backbone.weights,
    step: backbone.step,
    parameters: card.backbone.parameters,
    checkpointSha256: sha256,
    files: files.map((f) => ({ path: f.path, bytes: fs.statSync(path.join(out, ...f.path.split('/'))).size })),
  };
}
