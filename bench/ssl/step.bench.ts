/**
 * Training-step benchmark: ViT-T/16 at 224 (CPU-default grid: 512-px image, 16-px cells), ACE objective, and a
 * plain forward+backward of the same backbone on the same two crops for reference. One JSON line per case,
 * then a table. Also checks tf.memory().numTensors does not grow over repeated steps.
 *
 *   npx tsx bench/ssl/step.bench.ts
 *   env: SSL_BENCH_BACKENDS=wasm,cpu  SSL_BENCH_BATCH=4 (image pairs per step)  SSL_BENCH_MICRO=1 (pairs per
 *        micro-batch; gradient accumulation keeps the 32-bit wasm heap in bounds)  SSL_BENCH_STEPS=3
 *        SSL_BENCH_CHECKPOINT=1 (recompute blocks in backward: less memory, more time)
 *        SSL_BENCH_DINO_OUT=65536 (DINO head output size; the 16.8 M-weight last layer is a large fixed cost)
 */
import * as tf from '@tensorflow/tfjs';
import { aceBatch, disposeAceBatch } from '../../app/ssl/ace/batch';
import type { AceBatch, AceModelConfig } from '../../app/ssl/ace/model';
import { aceStep, createAceTrainer } from '../../app/ssl/ace/step';
import { sampleAceGeometry } from '../../app/ssl/geometry/ace-sample';
import { CPU_GRID } from '../../app/ssl/geometry/grid';
import type { Plane } from '../../app/ssl/geometry/image';
import { denseHeadConfig } from '../../app/ssl/heads/dense-head';
import { dinoHeadConfig } from '../../app/ssl/heads/dino-head';
import { initParams } from '../../app/ssl/nn/params';
import { installWasmSlice } from '../../app/ssl/nn/wasm-slice';
import { vitConfig, vitForward, vitParamSpecs } from '../../app/ssl/nn/vit';
import { createRng } from '../../app/ssl/rng';

const backends = (process.env.SSL_BENCH_BACKENDS ?? 'wasm').split(',');
const batchSize = Number(process.env.SSL_BENCH_BATCH ?? 4);
const microSize = Number(process.env.SSL_BENCH_MICRO ?? 1);
const steps = Number(process.env.SSL_BENCH_STEPS ?? 3);
const checkpoint = process.env.SSL_BENCH_CHECKPOINT === '1';
if (batchSize % microSize !== 0) throw new Error('SSL_BENCH_BATCH must be a multiple of SSL_BENCH_MICRO');

const backbone = vitConfig('vit-t16', { inChans: 1 });
const dinoOut = Number(process.env.SSL_BENCH_DINO_OUT ?? 65536);
const model: AceModelConfig = { backbone, dinoHead: dinoHeadConfig(backbone.embedDim, dinoOut), denseHead: denseHeadConfig(backbone.embedDim) };

function image(seed: number): Plane {
  const rng = createRng(seed);
  const side = CPU_GRID.imageCells * CPU_GRID.cellPx;
  const data = new Float32Array(side * side);
  for (let i = 0; i < data.length; i++) data[i] = 128 + 40 * Math.sin(i / 997) + 20 * rng.normal();
  return { height: side, width: side, channels: 1, data };
}

function makeMicroBatch(seed: number): AceBatch {
  const rng = createRng(seed);
  return aceBatch(
    Array.from({ length: microSize }, (_, i) => image(seed * 31 + i)),
    Array.from({ length: microSize }, () => sampleAceGeometry(rng, CPU_GRID)),
  );
}

interface Row {
  backend: string;
  threads: number;
  objective: 'ace' | 'supervised';
  backbone: string;
  image: number;
  batch: number;
  micro_batch: number;
  checkpoint: boolean;
  dino_out: number;
  imgs_per_s: number;
  ms_per_step: number;
  peak_rss_mb: number;
  numTensors: number;
}

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function threadsOf(backend: string): Promise<number> {
  if (backend !== 'wasm') return 1;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}

async function timeSteps(run: () => Promise<void>): Promise<{ ms: number; numTensors: number[] }> {
  await run(); // warm-up: kernel compilation and heap growth
  const numTensors: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    await run();
    numTensors.push(tf.memory().numTensors);
  }
  return { ms: (performance.now() - t0) / steps, numTensors };
}

async function benchBackend(backend: string): Promise<Row[]> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  await tf.ready();
  if (backend === 'wasm') installWasmSlice();
  const threads = await threadsOf(backend);
  const micro = Array.from({ length: batchSize / microSize }, (_, i) => makeMicroBatch(i + 1));
  const base = { backend, threads, backbone: 'vit-t16', image: backbone.imgSize, batch: batchSize, micro_batch: microSize, checkpoint, dino_out: dinoOut };
  const rows: Row[] = [];

  const trainer = createAceTrainer(model, createRng(0));
  const ace = await timeSteps(async () => {
    await aceStep(trainer, micro, { lr: 1e-4, weightDecay: 0.04, momentum: 0.996, freezeLastLayer: false }, { checkpoint });
  });
  if (new Set(ace.numTensors).size !== 1) console.error(`LEAK: numTensors over ACE steps ${ace.numTensors.join(', ')}`);
  // Image pairs per second for the SSL objective.
  rows.push({ ...base, objective: 'ace', imgs_per_s: (1000 * batchSize) / ace.ms, ms_per_step: ace.ms, peak_rss_mb: peakRssMb(), numTensors: ace.numTensors.at(-1) ?? 0 });

  // Reference: plain forward+backward of the backbone on the same crops (same micro-batching), trivial loss.
  const params = initParams(vitParamSpecs(backbone), createRng(0));
  const vars = [...params.values()];
  const images = micro.map((b) => tf.concat([b.large, b.small], 0) as tf.Tensor4D);
  const plain = await timeSteps(async () => {
    for (const x of images) {
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(vitForward(params, backbone, x, { checkpoint }).patches)) as tf.Scalar, vars);
      await value.data();
      tf.dispose([value, ...Object.values(grads)]);
    }
  });
  rows.push({ ...base, objective: 'supervised', imgs_per_s: (1000 * 2 * batchSize) / plain.ms, ms_per_step: plain.ms, peak_rss_mb: peakRssMb(), numTensors: plain.numTensors.at(-1) ?? 0 });
  tf.dispose([...images, ...vars]);
  tf.dispose([...trainer.student.values(), ...trainer.teacher.values(), trainer.center]);
  micro.forEach(disposeAceBatch);
  return rows;
}

const all: Row[] = [];
for (const backend of backends) {
  for (const row of await benchBackend(backend)) {
    console.log(JSON.stringify(row));
    all.push(row);
  }
}
console.log('');
console.log('backend threads objective  batch  micro  items/s   ms/step  peakRSS(MB)  numTensors  (items: image pairs for ace, images for supervised)');
for (const r of all) {
  console.log(
    `${r.backend.padEnd(7)} ${String(r.threads).padStart(7)} ${r.objective.padEnd(10)} ${String(r.batch).padStart(5)} ${String(r.micro_batch).padStart(6)} ${r.imgs_per_s.toFixed(2).padStart(8)} ${r.ms_per_step.toFixed(0).padStart(9)} ${String(r.peak_rss_mb).padStart(12)} ${String(r.numTensors).padStart(11)}`,
  );
}
for (const backend of backends) {
  const a = all.find((r) => r.backend === backend && r.objective === 'ace');
  const p = all.find((r) => r.backend === backend && r.objective === 'supervised');
  if (a && p) console.log(`${backend}: ACE step / plain fwd+bwd on the same crops = ${(a.ms_per_step / p.ms_per_step).toFixed(2)}×`);
}
