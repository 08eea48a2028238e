import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset, ImportSummary, JobSummary } from '../../../app/api/contract';
import { createRuntime, type Runtime } from '../../../app/runtime';
import { SAMPLE_DATASET_NAME } from '../../../app/samples/sample-dataset';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-sample-');
const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});

const ctx = () => ({ signal: new AbortController().signal, progress: () => {} });

describe('sample dataset', () => {
  it('a new installation gets phantoms in the default project, generated and imported in the background', async () => {
    const databasePath = path.join(tempDir(), 'studio.sqlite');
    const runtime = createRuntime({ databasePath, host: 'web', sampleImages: 6 });
    runtimes.push(runtime);
    const [job] = (await runtime.dispatcher.call('jobs.list', {}, ctx())) as JobSummary[];
    expect(job).toMatchObject({ kind: 'sample', state: 'running' });
    const progress: unknown[] = [];
    const ended = (await runtime.dispatcher.call('jobs.watch', { id: job!.id }, { ...ctx(), progress: (p) => progress.push(p) })) as JobSummary;
    expect(ended.state, JSON.stringify(ended.error)).toBe('finished');
    expect(ended.result as ImportSummary).toMatchObject({ imported: 6, failed: 0 });
    expect(progress.length).toBeGreaterThan(0);
    const datasets = (await runtime.dispatcher.call('datasets.list', { projectId: 1 }, ctx())) as Dataset[];
    expect(datasets).toEqual([expect.objectContaining({ name: SAMPLE_DATASET_NAME, kind: 'sample', counts: expect.objectContaining({ ok: 6 }) })]);
    await runtime.close();
    runtimes.pop();

    // Only a new installation: reopening the same database starts nothing.
    const again = createRuntime({ databasePath, host: 'web', sampleImages: 6 });
    runtimes.push(again);
    expect(await again.dispatcher.call('jobs.list', {}, ctx())).toEqual([]);
  });
});
