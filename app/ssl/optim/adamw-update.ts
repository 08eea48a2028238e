/** AdamW's arithmetic on plain arrays (no tfjs): shared by the host path and the wasm heap kernel. */
export interface AdamWConfig {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Per-tensor L2 clip (0.8 in ACE); undefined = no clipping. */
  readonly clip?: number;
}

export interface AdamWSlot {
  step: number;
  readonly m: Float32Array;
  readonly v: Float32Array;
}


export interface TensorUpdate {
  readonly step: number;
  readonly lr: number;
  readonly weightDecay: number;
  /** Multiplier applied to the gradient (the clipping coefficient). */
  readonly gradScale: number;
}

/** ‖g‖₂ accumulated in float64. */
export function l2Norm(g: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += (g[i] ?? 0) * (g[i] ?? 0);
  return Math.sqrt(s);
}

/** DINO clipping coefficient: min(1, clip / (‖g‖ + 1e-6)). */
export const clipCoefficient = (norm: number, clip: number | undefined): number => (clip === undefined ? 1 : Math.min(1, clip / (norm + 1e-6)));

/** The update's per-tensor constants: decoupled decay factor, bias-corrected step size, √(1 − β₂ᵗ). */
export function updateConstants(cfg: AdamWConfig, u: TensorUpdate): { decay: number; stepSize: number; sqrtBc2: number } {
  return { decay: 1 - u.lr * u.weightDecay, stepSize: u.lr / (1 - cfg.beta1 ** u.step), sqrtBc2: Math.sqrt(1 - cfg.beta2 ** u.step) };
}

/**
 * One AdamW update of p, m, v in place (pure arithmetic, no tfjs), in float32 as PyTorch's AdamW updates:
 * every operation is rounded to float32 (Math.fround of the float64 result is the correctly rounded float32
 * one for +, −, ×, ÷ and √), so the wasm kernel's f32x4 loop gives bit-identical results.
 */
export function adamwUpdate(p: Float32Array, g: ArrayLike<number>, slot: AdamWSlot, cfg: AdamWConfig, u: TensorUpdate): void {
  const f = Math.fround;
  const { decay, stepSize, sqrtBc2 } = updateConstants(cfg, u);
  const { m, v } = slot;
  // Loop invariants hoisted: this loop runs over every parameter every step (28 M for ACE's ViT-T).
  const [gradScale, beta1, beta2, decay32, step32, sqrtBc232, eps] = [u.gradScale, cfg.beta1, cfg.beta2, decay, stepSize, sqrtBc2, cfg.eps].map(f) as [number, number, number, number, number, number, number];
  const oneMinusBeta1 = f(1 - cfg.beta1);
  const oneMinusBeta2 = f(1 - cfg.beta2);
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = f(f(g[i] as number) * gradScale);
    const mi = f(f(beta1 * (m[i] as number)) + f(oneMinusBeta1 * gi));
    const vi = f(f(beta2 * (v[i] as number)) + f(f(oneMinusBeta2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    const denominator = f(f(f(Math.sqrt(vi)) / sqrtBc232) + eps);
    p[i] = f(f((p[i] as number) * decay32) - f(f(step32 * mi) / denominator));
  }
}
