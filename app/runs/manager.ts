import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { ApiError } from '../api/errors';
import type { Run, RunSettings } from '../api/schemas/runs';
import { getDataset } from '../datasets/datasets';
import { getProject } from '../services/projects';
import { trainConfigSchema, type TrainConfigInput } from '../ssl/train/config';
import type { Db } from '../store/database';
import { runImages } from './preview/run-images';
import { claimRows, startHeartbeat } from '../store/work-owners';
import { codeVersion } from '../version';
import { forkProcess } from '../workers/entry-points';
import type { ChildMessage, HostMessage } from './protocol';
import {
  appendLog,
  createRunRow,
  deleteRun,
  getRun,
  recordCheckpoint,
  recordSteps,
  rollbackToCheckpoint,
  runCheckpointDir,
  setRunStatus,
} from './store';

interface Active {
  readonly runId: number;
  readonly child: ChildProcess;
  /** What the user asked for when stopping: pause keeps it resumable, stop finishes it. */
  ending: 'pause' | 'stop' | null;
  failure: string | null;
  ended: boolean;
  readonly exited: Promise<void>;
}

/** The images a run trains on: cached working-resolution files of every imported image, in a fixed order. */
function trainingFiles(db: Db, dataDir: string, datasetIds: readonly number[]): { files: string[]; dataHash: string } {
  const images = runImages(db, dataDir, datasetIds);
  const hash = createHash('sha256');
  for (const h of images.map((i) => i.contentHash).sort()) hash.update(h);
  return { files: images.map((i) => i.file), dataHash: hash.digest('hex') };
}

/** The run's full training recipe: the form's settings over the method defaults. */
export function trainConfigOf(settings: RunSettings): TrainConfigInput {
  return { ...settings, backbone: settings.backbone as TrainConfigInput['backbone'], warmupEpochs: Math.min(settings.warmupEpochs, settings.epochs - 1) };
}

/**
 * Runs pretraining in child processes, one at a time (one per machine's compute), the rest queued. The database is
 * the source of truth: every step, checkpoint and status change is written as it happens, so a kill of the child or
 * of the whole app loses at most the steps since the last checkpoint.
 */
export class RunManager {
  private active: Active | null = null;
  private readonly queue: number[] = [];
  /** Keeps this process's runs (active and queued) marked as its own, so other processes leave them alone. */
  private stopHeartbeat: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly backend: string | undefined,
  ) {}

  create(projectId: number, datasetIds: readonly number[], settings: RunSettings, name?: string): Run {
    getProject(this.db, projectId);
    for (const id of datasetIds) {
      const d = getDataset(this.db, id);
      if (d.projectId !== projectId) throw new ApiError('invalid_input', `Dataset "${d.name}" belongs to another project.`);
    }
    const parsed = trainConfigSchema.safeParse(trainConfigOf(settings));
    if (!parsed.success) {
      throw new ApiError('invalid_input', parsed.error.issues.map((i) => `settings${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`).join('; '));
    }
    const config = parsed.data;
    const { files, dataHash } = trainingFiles(this.db, this.dataDir, datasetIds);
    const stepsPerEpoch = config.stepsPerEpoch ?? Math.floor(files.length / config.batch);
    if (stepsPerEpoch < 1) {
      throw new ApiError('invalid_input', `The chosen datasets have ${files.length} imported images, fewer than one batch of ${config.batch}. Lower the batch size or add images.`);
    }
    const stepsTotal = Math.min(stepsPerEpoch * config.epochs, config.maxSteps ?? Infinity);
    const run = createRunRow(this.db, {
      projectId,
      name: name ?? `${config.method.toUpperCase()} ${config.backbone} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
      method: config.method,
      config: config as unknown as Record<string, unknown>,
      seed: config.seed,
      datasetIds,
      images: files.length,
      dataHash,
      stepsTotal,
      codeVersion,
      checkpointRoot: path.join(this.dataDir, 'runs'),
    });
    // SQLite may reuse the id of a deleted run: a new run must never resume a stale checkpoint folder.
    fs.rmSync(runCheckpointDir(this.db, run.id), { recursive: true, force: true });
    this.enqueue(run.id);
    return getRun(this.db, run.id);
  }

  /** Removes the run's records and its checkpoint folder (not while it trains). */
  delete(runId: number): void {
    const dir = runCheckpointDir(this.db, runId);
    deleteRun(this.db, runId);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  resume(runId: number): Run {
    const run = getRun(this.db, runId);
    if (!['paused', 'interrupted', 'failed'].includes(run.status)) {
      throw new ApiError('conflict', `Run ${runId} is ${run.status}; only paused, interrupted or failed runs can be resumed.`);
    }
    // Ours before it is queued: another process never sees it queued under its dead previous owner.
    claimRows(this.db, 'runs', [runId]);
    setRunStatus(this.db, runId, 'queued');
    this.enqueue(runId);
    return getRun(this.db, runId);
  }

  pause(runId: number): Run {
    return this.end(runId, 'pause');
  }

  stop(runId: number): Run {
    return this.end(runId, 'stop');
  }

  /** Resolves when the active run has ended (tests, CLI). */
  async idle(): Promise<void> {
    while (this.active) await this.active.exited;
  }

  /** App shutdown: active runs checkpoint and stop, and are shown as interrupted at the next start. */
  async shutdown(): Promise<void> {
    this.queue.length = 0;
    this.stopHeartbeat?.();
    this.stopHeartbeat = null;
    const active = this.active;
    if (!active) return;
    active.ending = 'pause';
    active.child.send({ type: 'stop' } satisfies HostMessage);
    const timer = setTimeout(() => active.child.kill('SIGKILL'), 30_000);
    await active.exited;
    clearTimeout(timer);
  }

  private end(runId: number, how: 'pause' | 'stop'): Run {
    const run = getRun(this.db, runId);
    const queued = this.queue.indexOf(runId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      setRunStatus(this.db, runId, how === 'pause' ? 'paused' : 'finished');
    } else if (this.active?.runId === runId) {
      this.active.ending = how;
      this.active.child.send({ type: 'stop' } satisfies HostMessage);
    } else if (how === 'stop' && (run.status === 'paused' || run.status === 'interrupted')) {
      setRunStatus(this.db, runId, 'finished');
    } else {
      throw new ApiError('conflict', `Run ${runId} is ${run.status}; there is nothing to ${how}.`);
    }
    return getRun(this.db, runId);
  }

  private enqueue(runId: number): void {
    this.queue.push(runId);
    this.stopHeartbeat ??= startHeartbeat(this.db, 'runs', () => [...(this.active ? [this.active.runId] : []), ...this.queue]);
    this.startNext();
  }

  private startNext(): void {
    if (this.active) return;
    const runId = this.queue.shift();
    if (runId === undefined) return;
    try {
      this.launch(runId);
    } catch (err) {
      setRunStatus(this.db, runId, 'failed', { error: (err as Error).message });
      this.startNext();
    }
  }

  private launch(runId: number): void {
    const run = getRun(this.db, runId);
    const checkpointDir = runCheckpointDir(this.db, runId);
    rollbackToCheckpoint(this.db, runId, run.lastCheckpointStep ?? 0);
    const { files } = trainingFiles(this.db, this.dataDir, run.datasetIds);
    const child = forkProcess('train-process', { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let resolveExit!: () => void;
    const active: Active = { runId, child, ending: null, failure: null, ended: false, exited: new Promise((r) => (resolveExit = r)) };
    this.active = active;
    setRunStatus(this.db, runId, 'running');
    const log = (chunk: Buffer) => appendLog(this.db, runId, chunk.toString().split('\n').filter((l) => l.length > 0));
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    child.on('message', (msg: ChildMessage) => this.onMessage(active, msg));
    child.on('exit', (code, signal) => {
      this.onExit(active, code, signal);
      this.active = null;
      resolveExit();
      this.startNext();
    });
    child.send({ type: 'start', runId, config: run.config as TrainConfigInput, files, checkpointDir, backend: this.backend } satisfies HostMessage);
  }

  private onMessage(active: Active, msg: ChildMessage): void {
    const { runId } = active;
    switch (msg.type) {
      case 'started':
        setRunStatus(this.db, runId, 'running', { backend: `${msg.backend} (${msg.threads} thread${msg.threads === 1 ? '' : 's'})` });
        appendLog(this.db, runId, [`${msg.resumedAt > 0 ? `resumed at step ${msg.resumedAt}` : 'started'} on ${msg.backend}`]);
        return;
      case 'step':
        recordSteps(this.db, runId, [msg]);
        return;
      case 'checkpoint':
        recordCheckpoint(this.db, runId, msg.step, msg.file, msg.sha256);
        return;
      case 'ended':
        active.ended = true;
        appendLog(this.db, runId, [`${msg.aborted ? 'stopped' : 'finished'} at step ${msg.step}`]);
        return;
      case 'failed':
        active.failure = msg.message;
    }
  }

  private onExit(active: Active, code: number | null, signal: NodeJS.Signals | null): void {
    const { runId } = active;
    if (active.ended && code === 0) {
      const run = getRun(this.db, runId);
      const finished = !active.ending || active.ending === 'stop' || run.stepsDone >= run.stepsTotal;
      setRunStatus(this.db, runId, finished ? 'finished' : 'paused');
      return;
    }
    if (signal === 'SIGKILL' || signal === 'SIGTERM') {
      // Killed from outside: the last checkpoint is intact, so the run can go on from there.
      appendLog(this.db, runId, [`training process killed (${signal}); resumable from its last checkpoint`]);
      setRunStatus(this.db, runId, 'interrupted');
      return;
    }
    setRunStatus(this.db, runId, 'failed', { error: active.failure ?? `the training process exited with code ${code}; see the log` });
  }
}
