import os from 'node:os';
import type { Worker } from 'node:worker_threads';

export interface PoolOptions<Req> {
  readonly size?: number;
  /** A task that takes longer is abandoned: its worker is terminated (the only way to stop a looping decoder) and replaced. */
  readonly taskTimeoutMs: number;
  readonly spawn: () => Worker;
  readonly describe?: (req: Req) => string;
}

export class TaskTimeoutError extends Error {}
export class WorkerCrashError extends Error {}

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Pending<Res> {
  resolve: (r: Res) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  slot: Slot;
}

/**
 * A fixed set of worker threads running one task each at a time. A task that times out or crashes its worker
 * rejects with a specific error and the worker is replaced, so one pathological file never stalls the rest.
 */
export class WorkerPool<Req, Res> {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Map<number, Pending<Res>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions<Req>) {
    const size = options.size ?? Math.max(1, os.availableParallelism());
    for (let i = 0; i < size; i++) this.slots.push(this.createSlot());
  }

  get size(): number {
    return this.slots.length;
  }

  async run(request: Req): Promise<Res> {
    const slot = await this.acquire();
    const id = this.nextId++;
    try {
      return await new Promise<Res>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.pending.delete(id);
          this.replace(slot);
          const what = this.options.describe?.(request) ?? 'task';
          const seconds = this.options.taskTimeoutMs / 1000;
          reject(new TaskTimeoutError(`${what} did not finish within ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s and was stopped`));
        }, this.options.taskTimeoutMs);
        this.pending.set(id, { resolve, reject, timer, slot });
        slot.worker.postMessage({ id, request });
      });
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private createSlot(): Slot {
    const slot: Slot = { worker: this.options.spawn(), busy: false };
    this.attach(slot);
    return slot;
  }

  private attach(slot: Slot): void {
    const worker = slot.worker;
    worker.on('message', (msg: { id: number; result: Res }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(msg.id);
      p.resolve(msg.result);
    });
    const crashed = (reason: string) => {
      if (this.closed || slot.worker !== worker) return;
      for (const [id, p] of this.pending) {
        if (p.slot !== slot) continue;
        clearTimeout(p.timer);
        this.pending.delete(id);
        p.reject(new WorkerCrashError(reason));
      }
      this.replace(slot);
    };
    worker.on('error', (err) => crashed(`the worker crashed: ${err.message}`));
    worker.on('exit', (code) => crashed(`the worker exited unexpectedly (code ${code})`));
  }

  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = this.options.spawn();
    this.attach(slot);
    void old.terminate();
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.acquire())));
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }
}
