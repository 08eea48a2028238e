import path from 'node:path';
import { activateCompute } from '../../compute/activate';
import { runVectorFile } from '../../ssl/conformance/report';
import { text } from '../analysis-options';
import { UsageError, type Command } from '../command';

/** The conformance runner: any file of the golden-vector format, evaluated with our own code. */
export const sslVectorsCommand: Command = {
  name: 'ssl-vectors',
  usage: 'ssl-vectors <file.json>',
  summary:
    'Evaluate a file of self-supervised-learning test vectors ("cxr-ssl-vectors/1", e.g. ../shared/golden/ssl-vectors.json) with our own code on the active backend: per case PASS/FAIL and the max abs error; exits 1 if any case fails.',
  async run(ctx) {
    const [file] = ctx.positionals;
    if (!file) throw new UsageError('ssl-vectors needs a vector file.');
    const compute = await activateCompute(text(ctx, 'backend'));
    ctx.io.err(`${file} on ${compute.summary}`);
    if (!(await runVectorFile(path.resolve(file), ctx.io.out))) throw new Error(`${file}: some cases failed (listed above)`);
  },
};
