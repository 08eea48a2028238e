import { describe, expect, it } from 'vitest';
import { EFFICIENCY, estimateSecondsPerStep, headFlops, overheadSeconds, stepFlops, vitForwardFlops, type FlopShape } from '../../../renderer/src/runs/model/flops';

const VIT_T: FlopShape = { method: 'dino', embedDim: 192, depth: 12, cellSize: 16, cropCells: 14, batch: 1, microBatch: 1, headSize: 65536 };

describe('FLOP estimate', () => {
  it('counts ViT-T/16 at 224 px as about 2.5 GFLOP per forward (1.26 GMACs, as published)', () => {
    const f = vitForwardFlops({ ...VIT_T, channels: 3 });
    expect(f / 1e9).toBeGreaterThan(2.3);
    expect(f / 1e9).toBeLessThan(2.7);
  });

  it('counts ViT-B/16 at 224 px as about 35 GFLOP per forward (17.6 GMACs)', () => {
    const f = vitForwardFlops({ embedDim: 768, depth: 12, cellSize: 16, cropCells: 14, channels: 3 });
    expect(f / 1e9).toBeGreaterThan(33);
    expect(f / 1e9).toBeLessThan(37);
  });

  it('scales a step with the batch, 2 views, backward ≈ 2 forwards, and a forward-only teacher', () => {
    const view = vitForwardFlops(VIT_T) + headFlops(VIT_T);
    expect(stepFlops(VIT_T)).toBe(2 * 4 * view);
    expect(stepFlops({ ...VIT_T, batch: 32 })).toBe(32 * stepFlops(VIT_T));
    const barlow = { ...VIT_T, method: 'barlow' as const };
    expect(stepFlops(barlow)).toBe(2 * 3 * (vitForwardFlops(barlow) + headFlops(barlow)));
  });

  it('adds ACE’s dense head on every token to the DINO head', () => {
    const ace = { ...VIT_T, method: 'ace' as const };
    expect(headFlops(ace) - headFlops(VIT_T)).toBe(2 * 3 * 197 * 192 * 192);
  });

  it('turns FLOPs into seconds at the probed throughput and efficiency, plus per-micro-batch overhead', () => {
    const s = { ...VIT_T, batch: 16, microBatch: 2 };
    const t = estimateSecondsPerStep(s, 10)!;
    expect(t).toBeCloseTo(stepFlops(s) / (10e9 * EFFICIENCY) + overheadSeconds(s), 9);
    expect(overheadSeconds(s)).toBeCloseTo(8 * 15 * 0.04, 9);
    expect(overheadSeconds(s, true)).toBeCloseTo(overheadSeconds(s) / 10, 9);
    expect(estimateSecondsPerStep(s, 0)).toBeNull();
    expect(estimateSecondsPerStep(s, undefined)).toBeNull();
  });

  it('lands near the measured pace of the TINY test config on wasm (~0.3–0.45 s per step at ~12 GFLOP/s)', () => {
    const tiny: FlopShape = { method: 'ace', embedDim: 32, depth: 2, cellSize: 8, cropCells: 4, batch: 2, microBatch: 1, headSize: 64 };
    const t = estimateSecondsPerStep(tiny, 12)!;
    expect(t).toBeGreaterThan(0.2);
    expect(t).toBeLessThan(0.7);
  });
});
