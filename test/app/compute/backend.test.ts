import { describe, expect, it } from 'vitest';
import { CANDIDATES, detectBackend, parseBackendName } from '../../../app/compute/backend';

describe('backend detection', () => {
  it('tries backends in the preference order GPU, TensorFlow CPU, wasm, cpu and reports every attempt', async () => {
    expect(CANDIDATES.map((c) => c.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    const report = await detectBackend();
    expect(report.attempts.map((a) => a.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    expect(report.active).not.toBeNull();
    const active = report.attempts.filter((a) => a.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]!.name).toBe(report.active);
    // Everything better than the active backend says why it is not used.
    const index = report.attempts.findIndex((a) => a.status === 'active');
    for (const better of report.attempts.slice(0, index)) {
      expect(['not_installed', 'failed']).toContain(better.status);
      expect(better.reason.length).toBeGreaterThan(0);
    }
    expect(report.summary).toContain(report.active!);
  });

  it('honours a forced backend and rejects unknown names clearly', async () => {
    const report = await detectBackend({ prefer: 'cpu' });
    expect(report.active).toBe('cpu');
    expect(report.attempts.slice(0, 3).every((a) => a.status === 'skipped' && a.reason === 'skipped: CXR_BACKEND=cpu')).toBe(true);
    expect(() => parseBackendName('cuda')).toThrow(/Unknown backend "cuda".*tensorflow-gpu, tensorflow, wasm, cpu/);
  });
});
