import { detectBackend, parseBackendName } from '../compute/backend';
import { setupWasmBackend } from '../ssl/backend-setup';
import { readManifest } from '../ssl/checkpoint/checkpoint';
import { pngSource } from '../ssl/data/png-source';
import { parseTrainConfig } from '../ssl/train/config';
import { train, type StepMetrics, type TrainProgress } from '../ssl/train/loop';
import { disposeTrainState } from '../ssl/train/step';
import { sha256File } from '../util/sha256-file';
import { adviseOnFailure } from './failure-advice';
import { createPreviewHook } from './preview/preview-hook';
import type { ChildMessage, HostMessage, StartMessage } from './protocol';

// A training run in its own process: a crash, an out-of-memory abort or a kill here never takes the app down,
// and the app's window stays responsive while the CPU trains.
const controller = new AbortController();

function send(msg: ChildMessage): void {
  process.send?.(msg);
}

function stepValues(m: StepMetrics): Record<string, number> {
  const values: Record<string, number> = {
    lr: m.lr,
    weight_decay: m.weightDecay,
    momentum: m.momentum,
    teacher_temp: m.teacherTemp,
    images_per_s: m.imagesPerSec,
    ms_per_step: m.msPerStep,
    rss_mb: m.rssMB,
    num_tensors: m.numTensors,
    epoch: m.epoch,
  };
  for (const [term, value] of Object.entries(m.terms)) values[`loss/${term}`] = value;
  return values;
}

async function run(msg: StartMessage): Promise<void> {
  const config = parseTrainConfig(msg.config);
  const report = await detectBackend({ prefer: parseBackendName(msg.backend) });
  if (!report.active) throw new Error(`no compute backend could be initialised: ${report.summary}`);
  // On wasm: our kernels always; two threads where there are two cores (an ACE step 6.4 → 5.0 s), or as asked.
  const asked = process.env.CXR_WASM_THREADS;
  const threads = report.active === 'wasm' ? (await setupWasmBackend({ threads: asked ? Number(asked) : undefined })).threads : report.threads;
  try {
    const resumedAt = readManifest<TrainProgress>(msg.checkpointDir)?.progress.step ?? 0;
    send({ type: 'started', backend: report.active, threads, resumedAt });
    const previews = await createPreviewHook({ runDir: msg.checkpointDir, config, files: msg.files, every: msg.previewEvery ?? config.checkpointEvery, log: (line) => console.log(line) });
    const result = await train(config, {
      source: pngSource(msg.files),
      signal: controller.signal,
      checkpointDir: msg.checkpointDir,
      onStep: (m) => send({ type: 'step', step: m.step, values: stepValues(m), wallTime: Date.now() / 1000 }),
      onCheckpoint: (step, file) => {
        send({ type: 'checkpoint', step, file, sha256: sha256File(file) });
        previews.afterCheckpoint(step);
      },
    });
    disposeTrainState(result.state);
    await previews.settled();
    send({ type: 'ended', step: result.step, aborted: result.aborted });
  } catch (err) {
    send({ type: 'failed', message: adviseOnFailure((err as Error).stack ?? String(err), report.active, config.batch, config.microBatch, config.imageSize) });
    throw err;
  }
}

process.on('message', (msg: HostMessage) => {
  if (msg.type === 'stop') controller.abort();
  else if (msg.type === 'start') {
    run(msg).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error((err as Error).stack ?? String(err));
        process.exit(1);
      },
    );
  }
});
// The host going away (crash, kill -9) closes the channel: stop at the next step boundary, checkpoint, exit.
process.on('disconnect', () => controller.abort());
