import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, type CommandContext } from '../../../app/cli/command';
import { correspondCommand } from '../../../app/cli/commands/correspond';
import { writePhantomPng } from '../../../app/phantom';
import { createRuntime } from '../../../app/runtime';
import { posedPhantoms } from '../analysis/correspondence/phantoms';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-correspond-');

/** The command with a runtime of its own, as runCli would run it (exit code 2 for usage errors, 1 for failures). */
async function correspond(dir: string, options: Record<string, string>) {
  const runtime = createRuntime({ databasePath: path.join(dir, 'db.sqlite'), dataDir: dir, host: 'cli', sampleImages: 0 });
  const out: string[] = [];
  const err: string[] = [];
  const signal = new AbortController().signal;
  const ctx: CommandContext = {
    runtime,
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    json: false,
    positionals: [],
    options,
    signal,
    call: (op, input) => runtime.dispatcher.call(op, input, { signal, progress: () => undefined }) as never,
    callUncancelled: (op, input) => runtime.dispatcher.call(op, input, { signal, progress: () => undefined }) as never,
  };
  try {
    await correspondCommand.run(ctx);
    return { code: 0, out: out.join('\n'), err: err.join('\n') };
  } catch (e) {
    return { code: e instanceof UsageError ? 2 : 1, out: out.join('\n'), err: `${err.join('\n')}\n${(e as Error).message}` };
  } finally {
    await runtime.close();
  }
}

async function phantomPairs(dir: string) {
  const phantoms = posedPhantoms(3, 64, 9);
  fs.mkdirSync(path.join(dir, 'img'));
  for (const p of phantoms) await writePhantomPng(p.phantom, path.join(dir, 'img', `${p.name}.png`));
  const [q, k1, k2] = phantoms.map((p) => `img/${p.name}.png`);
  const points = { carina: [phantoms[0]!.landmarks.carina!.x, phantoms[0]!.landmarks.carina!.y], cardiac_apex: [phantoms[0]!.landmarks.cardiac_apex!.x, phantoms[0]!.landmarks.cardiac_apex!.y] };
  const pairs = { pairs: [{ query: q, key: k1, points }, { query: q, key: k2, points }] };
  fs.writeFileSync(path.join(dir, 'pairs.json'), JSON.stringify(pairs));
  return { phantoms, pairs };
}

describe('cli correspond', () => {
  it('writes key-pixel predictions for every pair and landmark, with progress on stderr', async () => {
    const dir = tempDir();
    const { pairs } = await phantomPairs(dir);
    const out = path.join(dir, 'pred.json');
    const res = await correspond(dir, { checkpoint: 'pixels', pairs: path.join(dir, 'pairs.json'), out, 'input-size': '64', 'search-radius': '0.5' });
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/Wrote 4 predictions for 2 pairs/);
    expect(res.err).toMatch(/raw pixels .* input 64 px, stride 16 then 4; 3 images, 2 pairs/);
    expect(res.err).toMatch(/coarse features 3\/3/);
    const written = JSON.parse(fs.readFileSync(out, 'utf8')) as { predictions: { query: string; key: string; landmark: string; x: number; y: number; score: number }[] };
    expect(written.predictions.map((p) => [p.query, p.key, p.landmark])).toEqual(
      pairs.pairs.flatMap((p) => ['carina', 'cardiac_apex'].map((l) => [p.query, p.key, l])),
    );
    for (const p of written.predictions) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThan(64);
      expect(Number.isFinite(p.score)).toBe(true);
    }
    // The features were cached under the data folder.
    expect(fs.readdirSync(path.join(dir, 'features')).length).toBeGreaterThan(0);
  });

  it('explains a bad pairs file by file, pair index and problem', async () => {
    const dir = tempDir();
    await phantomPairs(dir);
    const file = path.join(dir, 'bad.json');
    const run = () => correspond(dir, { checkpoint: 'pixels', pairs: file, out: path.join(dir, 'o.json') });
    fs.writeFileSync(file, JSON.stringify({ pairs: [{ query: 'img/a.png', key: 'img/b.png', points: { p: [1, 2] } }, { query: 'a', key: 'b', points: { p: [1] } }] }));
    let res = await run();
    expect(res.code).toBe(1);
    expect(res.err).toContain(file);
    expect(res.err).toMatch(/pairs\[1\]\.points\.p/);
    fs.writeFileSync(file, '{"pairs": [');
    expect((await run()).err).toMatch(/not valid JSON/);
    const pairs = JSON.parse(fs.readFileSync(path.join(dir, 'pairs.json'), 'utf8')) as { pairs: { points: Record<string, number[]> }[] };
    pairs.pairs[1]!.points.carina = [10, 700];
    fs.writeFileSync(file, JSON.stringify(pairs));
    expect((await run()).err).toMatch(/pairs\[1\]\.points\.carina = \[10, 700\] is outside the query image .* \(64×64; x is the column\)/);
    pairs.pairs[1]!.points.carina = [10, 10];
    (pairs.pairs[1] as unknown as { key: string }).key = 'img/missing.png';
    fs.writeFileSync(file, JSON.stringify(pairs));
    expect((await run()).err).toMatch(/image "img\/missing.png"/);
  });

  it('refuses bad options and unknown runs', async () => {
    const dir = tempDir();
    await phantomPairs(dir);
    const base = { pairs: path.join(dir, 'pairs.json'), out: path.join(dir, 'o.json') };
    expect((await correspond(dir, { ...base, checkpoint: 'pixels', facet: 'keys' })).code).toBe(2);
    expect((await correspond(dir, { ...base, checkpoint: 'pixels', stride: 'x' })).err).toMatch(/--stride must be an integer/);
    expect((await correspond(dir, { ...base, checkpoint: 'pixels', like: '3' })).err).toMatch(/--like only goes with --checkpoint random/);
    expect((await correspond(dir, { ...base, checkpoint: 'pixels', 'search-radius': '2' })).err).toMatch(/--search-radius is a fraction/);
    expect((await correspond(dir, { ...base, checkpoint: 'pixels', weights: 'student' })).err).toMatch(/--weights only goes with a checkpoint/);
    expect((await correspond(dir, { ...base, checkpoint: '7', weights: 'ema' })).err).toMatch(/--weights must be teacher or student/);
    expect((await correspond(dir, { ...base })).err).toMatch(/--checkpoint .* is required/);
    const unknown = await correspond(dir, { ...base, checkpoint: '7' });
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Run 7 does not exist/);
  });
});
