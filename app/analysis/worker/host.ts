import type { Worker } from 'node:worker_threads';
import type { CallContext } from '../../api/dispatcher';
import { ApiError } from '../../api/errors';
import { createProgressMeter } from '../../api/progress';
import type { AnalysisOpName, AnalysisOps } from './ops';
import type { HostToWorker, WorkerToHost } from './protocol';

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
  readonly progress: (done: number, total: number | null, message?: string) => void;
}

/**
 * The app side of the analysis worker: one thread that owns the tensors, models and caches of Explore, so
 * feature extraction never blocks the host's event loop. Started on first use; a crash rejects what was in
 * flight with the reason and the next call starts a fresh worker.
 */
export class AnalysisHost {
  private worker: Worker | null = null;
  private ready: Promise<string> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly spawn: () => Worker) {}

  /** The compute backend the worker activated ("wasm (1 thread)"), starting it if needed. */
  compute(): Promise<string> {
    return this.start();
  }

  async call<K extends AnalysisOpName>(op: K, input: Parameters<AnalysisOps[K]>[0], ctx: CallContext): Promise<Awaited<ReturnType<AnalysisOps[K]>>> {
    type Out = Awaited<ReturnType<AnalysisOps[K]>>;
    await this.start();
    const worker = this.worker;
    if (!worker) throw new ApiError('internal', 'The analysis worker stopped before the call.');
    const id = this.nextId++;
    return new Promise<Out>((resolve, reject) => {
      let meter: ReturnType<typeof createProgressMeter> | null = null;
      let meterTotal: number | null = null;
      const cancel = (): void => this.post({ type: 'cancel', id });
      ctx.signal.addEventListener('abort', cancel, { once: true });
      const settle = (): void => {
        ctx.signal.removeEventListener('abort', cancel);
        this.pending.delete(id);
      };
      this.pending.set(id, {
        resolve: (value) => {
          settle();
          resolve(value as Out);
        },
        reject: (err) => {
          settle();
          reject(err);
        },
        progress: (done, total, message) => {
          // A new total starts a new phase (features, then matching): rate and ETA restart with it.
          if (!meter || total !== meterTotal) {
            meter = createProgressMeter(total);
            meterTotal = total;
          }
          ctx.progress(meter(done, message));
        },
      });
      this.post({ type: 'call', id, op, input });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    this.failAll('The analysis worker was shut down.');
    await worker?.terminate();
  }

  private post(msg: HostToWorker): void {
    this.worker?.postMessage(msg);
  }

  private start(): Promise<string> {
    if (this.ready) return this.ready;
    const worker = this.spawn();
    this.worker = worker;
    this.ready = new Promise<string>((resolve, reject) => {
      const lost = (reason: string): void => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.ready = null;
        reject(new ApiError('backend_unavailable', reason));
        this.failAll(reason);
        void worker.terminate();
      };
      worker.on('message', (msg: WorkerToHost) => {
        if (msg.type === 'ready') return resolve(msg.compute);
        if (msg.type === 'failed') return lost(msg.message);
        const pending = this.pending.get(msg.id);
        if (!pending) return;
        if (msg.type === 'progress') pending.progress(msg.done, msg.total, msg.message);
        else if (msg.type === 'result') pending.resolve(msg.value);
        else pending.reject(new ApiError(msg.code, msg.message));
      });
      worker.on('error', (err) => lost(`The analysis worker crashed: ${err.message}`));
      worker.on('exit', (code) => lost(`The analysis worker exited (code ${code}); the next request starts a new one.`));
    });
    return this.ready;
  }

  private failAll(reason: string): void {
    for (const p of [...this.pending.values()]) p.reject(new ApiError('backend_unavailable', reason));
  }
}
