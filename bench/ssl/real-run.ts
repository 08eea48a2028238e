/**
 * A short real ACE run on the shared unlabeled radiographs (8-bit PNGs) at the CPU default (512-px image, 16-px
 * cells, ViT-T/16 at 224), through the app's training loop; prints every `SSL_RUN_EVERY` steps, then the loss
 * curve summary (mean of each term over the first and the last 10 % of steps) and the tensor count at step 10
 * vs the end. Skips with a message when the data folder is absent.
 *
 *   npx tsx bench/ssl/real-run.ts
 *   env: SSL_RUN_STEPS=300  SSL_RUN_BATCH=4 (pairs per step, micro-batches of 1)  SSL_RUN_PEAK_LR=6.25e-5
 *        SSL_RUN_DINO_OUT=65536  SSL_RUN_THREADS=2  SSL_RUN_CKPT=<folder> (checkpoint every 100 steps, resumes)
 *        SSL_RUN_DATA=<folder of PNGs>
 *
 * A short run cannot use the full recipe's schedules (warm-up over 10 epochs, lr 5e-4·batch/256 ≈ 8e-6 at
 * batch 4): the schedules treat 30 steps as an "epoch" (one warm-up epoch, the last layer frozen for it, cosine
 * over the run) and peak at ACE's effective learning rate at its batch of 32 (6.25e-5).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setupWasmBackend } from '../../app/ssl/backend-setup';
import { pngFolderSource } from '../../app/ssl/data/png-source';
import { type StepMetrics, train } from '../../app/ssl/train/loop';
import { disposeTrainState } from '../../app/ssl/train/step';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = process.env.SSL_RUN_DATA ?? path.resolve(repoRoot, '../shared/data/cxr-unlabeled');
if (!fs.existsSync(dataDir)) {
  console.log(`SKIPPED: ${dataDir} not found (set SSL_RUN_DATA to a folder of PNG radiographs)`);
  process.exit(0);
}

const steps = Number(process.env.SSL_RUN_STEPS ?? 300);
const batch = Number(process.env.SSL_RUN_BATCH ?? 4);
const every = Number(process.env.SSL_RUN_EVERY ?? 10);
await tf.setBackend('wasm');
const backend = await setupWasmBackend({ threads: Number(process.env.SSL_RUN_THREADS ?? 2) });
const source = pngFolderSource(dataDir);
const stepsPerEpoch = 30;
const peakLr = Number(process.env.SSL_RUN_PEAK_LR ?? 6.25e-5);
console.log(`wasm: ${backend.note}; ${source.size} images in ${dataDir}; batch ${batch}; peak lr ${peakLr}`);

const metrics: StepMetrics[] = [];
const result = await train(
  {
    method: 'ace',
    batch,
    microBatch: 1,
    stepsPerEpoch,
    epochs: Math.max(2, Math.ceil(steps / stepsPerEpoch)),
    warmupEpochs: 1,
    lr: (peakLr * 256) / batch,
    dinoOutDim: Number(process.env.SSL_RUN_DINO_OUT ?? 65536),
    checkpointEvery: process.env.SSL_RUN_CKPT ? 100 : 0,
  },
  {
    source,
    checkpointDir: process.env.SSL_RUN_CKPT,
    onStep: (m) => {
      metrics.push(m);
      if (m.step % every === 0 || m.step === 1) {
        const terms = Object.entries(m.terms).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ');
        console.log(`step ${m.step}  ${terms}  lr ${m.lr.toExponential(2)}  ${m.imagesPerSec.toFixed(2)} pairs/s  tensors ${m.numTensors}  rss ${m.rssMB} MB`);
      }
    },
  },
);
disposeTrainState(result.state);

const window = Math.max(1, Math.round(metrics.length / 10));
const mean = (rows: readonly StepMetrics[], k: string): number => rows.reduce((s, m) => s + (m.terms[k] ?? NaN), 0) / rows.length;
console.log(`\nloss curve over ${metrics.length} steps (means of the first and last ${window} steps):`);
for (const k of Object.keys(metrics[0]?.terms ?? {})) {
  const first = mean(metrics.slice(0, window), k);
  const last = mean(metrics.slice(-window), k);
  console.log(`  ${k.padEnd(7)} ${first.toFixed(4)} → ${last.toFixed(4)}  (${last < first ? 'falling' : 'NOT falling'})`);
}
const at10 = metrics[9]?.numTensors;
console.log(`numTensors after step 10: ${at10}, after step ${metrics.length}: ${metrics.at(-1)?.numTensors}${at10 === metrics.at(-1)?.numTensors ? ' (flat)' : ' (CHANGED)'}`);
console.log(`mean ${(metrics.reduce((s, m) => s + m.imagesPerSec, 0) / metrics.length).toFixed(2)} pairs/s; peak rss ${Math.max(...metrics.map((m) => m.rssMB))} MB`);
// Forced wasm pthread workers keep the event loop alive.
process.exit(0);
