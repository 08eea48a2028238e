/**
 * Training-step benchmark at the CPU default (ViT-T/16 at 224, 16-px cells): one step of every objective (ACE,
 * PEAC, DINO, Barlow) through the same method pipeline the training loop uses (host crops and augmentations
 * on the batch worker a step ahead, micro-batches, AdamW, EMA), plus a plain forward+backward of the backbone
 * on the same number of crops for reference. Each (backend, threads) configuration runs in a fresh child
 * process (thread start-up needs a fresh backend; RSS is per configuration). One JSON line per case, then a
 * table. ACE's row also has vsPlainWithoutWorker: its ratio to the reference when the batch is made before
 * the step and the worker is idle (the worker's own cost is the difference; it shares the two cores).
 *
 * Memory: the wasm heap only grows and ends at 4 GB (32-bit), hence micro-batches and gradient accumulation;
 * the default micro-batch is the training default (2 pairs).
 *
 * The cpu backend (tfjs's plain-JS kernels, for the gap only) runs a smaller case by default: 2 pairs, ACE and
 * the reference, one timed step without warm-up; a step there takes minutes.
 *
 *   npm run bench:train
 *   env: SSL_BENCH_CONFIGS=wasm:1,wasm:2,cpu:1  SSL_BENCH_METHODS=ace,peac,dino,barlow,supervised
 *        SSL_BENCH_BATCH=8 (image pairs per step)  SSL_BENCH_MICRO=2 (pairs per micro-batch; Barlow uses ≥ 2: it
 *        standardises over the micro-batch)  SSL_BENCH_STEPS=3  SSL_BENCH_WARMUP=1
 *        SSL_BENCH_DINO_OUT=65536  SSL_BENCH_PROJ=2048 (PEAC global / Barlow projector width; 8192 in the papers
 *        is 135 M weights on a 192-wide ViT-T, beyond the 4 GB wasm heap with the teacher copy)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { median } from '../../app/annotations/geometry';
import { timeMatmuls } from '../../app/compute/probe';
import { setupWasmBackend } from '../../app/ssl/backend-setup';
import type { Plane } from '../../app/ssl/geometry/image';
import { initParams } from '../../app/ssl/nn/params';
import { vitForward, vitParamSpecs } from '../../app/ssl/nn/vit';
import { createRng } from '../../app/ssl/rng';
import { type MethodName, parseTrainConfig } from '../../app/ssl/train/config';
import { backboneOf, createMethod } from '../../app/ssl/train/methods';
import { createTrainState, disposeTrainState } from '../../app/ssl/train/step';
import { StepPreparer } from '../../app/ssl/train/step-preparer';
import { type Row, printRow, printTable, trackPeakRss } from '../lib/report';

const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const batch = Number(env('SSL_BENCH_BATCH', '8'));
const micro = Number(env('SSL_BENCH_MICRO', '2'));
const warmUp = env('SSL_BENCH_WARMUP', '1') !== '0';
const steps = Number(env('SSL_BENCH_STEPS', '3'));
const methods = env('SSL_BENCH_METHODS', 'ace,peac,dino,barlow,supervised').split(',');
const base = { batch, microBatch: micro, epochs: 100, warmupEpochs: 0, dinoOutDim: Number(env('SSL_BENCH_DINO_OUT', '65536')), projDim: Number(env('SSL_BENCH_PROJ', '2048')) };

function syntheticImage(side: number, seed: number): Plane {
  const rng = createRng(seed);
  const data = new Float32Array(side * side);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[y * side + x] = 128 + 50 * Math.sin(x / 37) * Math.cos(y / 53) + 15 * rng.normal();
  return { height: side, width: side, channels: 1, data };
}

/** A case's step, what must settle before another case is timed, and its clean-up. */
interface Case {
  readonly micro: number;
  step(): Promise<void>;
  /** Waits for work the step started for the next one (the batch worker's next batch). */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

interface Measured {
  readonly ms: number;
  /** The plain reference's step time, measured in the same rounds (NaN when none ran alongside). */
  readonly plainMs: number;
  readonly peakRssMb: number;
  readonly numTensors: number;
  /** ACE: the same, every step on a batch made beforehand with the batch worker idle. */
  readonly withoutWorker?: { readonly ms: number; readonly plainMs: number };
}

/**
 * A warm-up step of each (kernel set-up, heap growth), then `steps` rounds of one timed step of the case and
 * one of the plain reference; medians. These VMs drift by ±10% within a minute, so a ratio of two runs timed
 * a minute apart says as much about the drift as about the step. `plainTimes` collects the reference's times.
 */
async function measure(c: Case, plain: Case | null, plainTimes: number[]): Promise<Measured> {
  const rss = trackPeakRss();
  const own: number[] = [];
  const paired: number[] = [];
  const once = async (x: Case, into?: number[]): Promise<void> => {
    const t0 = performance.now();
    await x.step();
    into?.push(performance.now() - t0);
    await x.settle();
  };
  if (warmUp) for (const x of plain ? [c, plain] : [c]) await once(x);
  for (let i = 0; i < steps; i++) {
    await once(c, own);
    if (plain) await once(plain, paired);
  }
  plainTimes.push(...paired);
  return { ms: median(own) ?? NaN, plainMs: median(paired) ?? NaN, peakRssMb: rss.stop(), numTensors: tf.memory().numTensors };
}

/**
 * As the training loop runs a method: each step's crops and augmentations made on the batch worker during the
 * step before. With `prepared`, every step reuses one batch made beforehand and nothing runs beside it: the
 * step's own cost, without the worker's (which shares the two cores).
 */
function methodCase(name: MethodName, prepared = false): Case {
  const perMicro = name === 'barlow' ? Math.max(2, micro) : micro;
  const config = parseTrainConfig({ ...base, microBatch: perMicro, method: name });
  const method = createMethod(config);
  const state = createTrainState(method.shape, createRng(0));
  const groups = Array.from({ length: batch / perMicro }, (_, g) => Array.from({ length: perMicro }, (_, i) => syntheticImage(method.imageSide, g * perMicro + i)));
  const preparer = new StepPreparer(config);
  const hyper = { lr: 1e-4, weightDecay: 0.04, momentum: 0.996, teacherTemp: 0.04 };
  let seed = 0;
  let next = preparer.prepare(groups, seed);
  return {
    micro: perMicro,
    async step() {
      const batch = await next;
      if (!prepared) next = preparer.prepare(groups, ++seed);
      await method.step(state, batch, hyper, {});
    },
    settle: async () => void (await next),
    async dispose() {
      await next;
      await preparer.close();
      disposeTrainState(state);
    },
  };
}

/** Plain forward+backward of the backbone on 2·batch crops (same micro-batching), trivial loss: the reference. */
function plainCase(): Case {
  const backbone = backboneOf(parseTrainConfig(base));
  const params = initParams(vitParamSpecs(backbone), createRng(0));
  const vars = [...params.values()];
  const side = backbone.imgSize;
  const crops = Array.from({ length: batch / micro }, () => tf.randomNormal([2 * micro, side, side, 1], 0, 1, 'float32', 3) as tf.Tensor4D);
  return {
    micro,
    async step() {
      for (const x of crops) {
        const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(vitForward(params, backbone, x).patches)) as tf.Scalar, vars);
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }
    },
    settle: async () => undefined,
    dispose: async () => tf.dispose([...crops, ...vars]),
  };
}

/**
 * This machine's speed at the configuration: a square matmul's GFLOP/s (1024³; 256³ on the slow cpu backend;
 * median of 5 after a warm-up), timed as `npm run cli -- probe` times it. These VMs differ by 2× between machine
 * kinds (the same code ran a plain ViT-T step in half the time, matmul ~40–47 GFLOP/s at one thread, on the
 * machines of earlier sessions as on an AMD EPYC one, ~20–26), so a step rate means little without it.
 */
async function matmulGflops(size: number): Promise<number> {
  const [, ...times] = await timeMatmuls(size, 6);
  return Number(((2 * size ** 3) / (median(times) ?? NaN) / 1e6).toFixed(1));
}

/** Child: one (backend, threads) configuration. */
async function child(backend: string, threads: number): Promise<void> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  await tf.ready();
  const actual = backend === 'wasm' ? (await setupWasmBackend({ threads })).threads : 1;
  const gemmGflops = await matmulGflops(backend === 'cpu' ? 256 : 1024);
  const plain = methods.includes('supervised') ? plainCase() : null;
  const plainTimes: number[] = [];
  // The reference's own memory: one step before any method's state exists.
  const plainRss = trackPeakRss();
  await plain?.step();
  const plainPeakRssMb = plainRss.stop();
  const row = (objective: string, r: Measured, microBatch: number): Row => ({
    backend,
    threads: actual,
    gemmGflops,
    objective,
    backbone: 'vit-t16',
    imageSize: 224,
    batch,
    microBatch,
    head: objective === 'ace' || objective === 'dino' ? `dino_out=${base.dinoOutDim}` : objective === 'supervised' ? '-' : `proj=${base.projDim}`,
    // Items: image pairs for the SSL objectives (one step sees `batch` pairs), images for the reference (2·batch crops).
    itemsPerSec: Number(((1000 * (objective === 'supervised' ? 2 * batch : batch)) / r.ms).toFixed(3)),
    msPerStep: Math.round(r.ms),
    ...(objective === 'supervised' ? {} : { plainMsPerStep: Math.round(r.plainMs), vsPlain: Number((r.ms / r.plainMs).toFixed(2)) }),
    ...(r.withoutWorker ? { vsPlainWithoutWorker: Number((r.withoutWorker.ms / r.withoutWorker.plainMs).toFixed(2)) } : {}),
    peakRssMB: r.peakRssMb,
    numTensors: r.numTensors,
  });
  const baseline = tf.memory().numTensors;
  for (const m of methods.filter((name) => name !== 'supervised')) {
    const c = methodCase(m as MethodName);
    const r = await measure(c, plain, plainTimes);
    await c.dispose();
    // ACE's target ratio, also without the batch worker working beside the step.
    const alone = m === 'ace' && plain ? methodCase('ace', true) : null;
    const withoutWorker = alone && plain ? await measure(alone, plain, []) : undefined;
    await alone?.dispose();
    printRow(row(m, { ...r, numTensors: r.numTensors - baseline, withoutWorker }, c.micro));
  }
  if (plain) {
    // The reference on its own when no method ran alongside it, else the median of every round's plain step.
    const alone = plainTimes.length === 0 ? await measure(plain, null, []) : null;
    printRow(row('supervised', { ms: alone?.ms ?? median(plainTimes) ?? NaN, plainMs: NaN, peakRssMb: Math.max(plainPeakRssMb, alone?.peakRssMb ?? 0), numTensors: baseline }, plain.micro));
    await plain.dispose();
  }
}

async function nativeNote(): Promise<string> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ pkg);
      return `${pkg} is AVAILABLE: run the app's 'tensorflow' backend for native speed (not benchmarked here)`;
    } catch {
      // not installed: try the next one
    }
  }
  return 'tfjs-node(-gpu) not installed here: native TensorFlow backends not benchmarked';
}

if (process.env.SSL_BENCH_CHILD) {
  const [backend = 'wasm', threads = '1'] = process.env.SSL_BENCH_CHILD.split(':');
  await child(backend, Number(threads));
  // Forced wasm pthread workers keep the event loop alive.
  process.exit(0);
} else {
  const rows: Row[] = [];
  const cpuDefaults = { SSL_BENCH_BATCH: '2', SSL_BENCH_STEPS: '1', SSL_BENCH_WARMUP: '0', SSL_BENCH_METHODS: 'ace,supervised' };
  for (const config of env('SSL_BENCH_CONFIGS', 'wasm:1,wasm:2,cpu:1').split(',')) {
    const childEnv = { ...(config.startsWith('cpu') ? cpuDefaults : {}), ...process.env, SSL_BENCH_CHILD: config };
    const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: childEnv, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (out.status !== 0) console.error(`[${config}] exited with ${out.status}: ${out.stderr.split('\n').filter((l) => /error/i.test(l)).slice(0, 3).join(' | ')}`);
    for (const line of out.stdout.split('\n').filter((l) => l.startsWith('{'))) {
      const row = JSON.parse(line) as Row;
      printRow(row);
      rows.push(row);
    }
  }
  printTable(rows);
  for (const key of new Set(rows.map((r) => `${r.backend}:${r.threads}`))) {
    const of = (m: string) => rows.find((r) => `${r.backend}:${r.threads}` === key && r.objective === m);
    const ace = of('ace');
    if (ace?.vsPlain !== undefined) console.log(`${key}: ACE step / plain fwd+bwd on the same crops, timed in alternate steps = ${Number(ace.vsPlain).toFixed(2)}× (${Number(ace.vsPlainWithoutWorker).toFixed(2)}× with the next batch made beforehand, the batch worker idle)`);
  }
  console.log(await nativeNote());
}
