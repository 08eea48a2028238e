import { setupWasmBackend } from '../ssl/backend-setup';
import type { BackendName } from '../api/contract';
import { detectBackend, parseBackendName } from './backend';

export interface ActiveCompute {
  readonly backend: BackendName;
  readonly threads: number;
  /** "wasm (1 thread)": shown in the UI and every benchmark line. */
  readonly summary: string;
}

/**
 * Activates the best compute backend in a process that runs tensors (training process, analysis worker, CLI):
 * detection in the app's order, then on wasm our kernels and the requested thread count (1 unless
 * CXR_WASM_THREADS asks: these processes extract features next to the app; the trainer takes 2).
 */
export async function activateCompute(prefer: string | undefined = process.env.CXR_BACKEND): Promise<ActiveCompute> {
  const report = await detectBackend({ prefer: parseBackendName(prefer) });
  if (!report.active) throw new Error(`no compute backend could be initialised: ${report.summary}`);
  const threads = report.active === 'wasm' ? (await setupWasmBackend({ threads: Number(process.env.CXR_WASM_THREADS ?? 1) })).threads : report.threads;
  return { backend: report.active, threads, summary: `${report.active} (${threads} thread${threads === 1 ? '' : 's'})` };
}
