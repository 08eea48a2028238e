import type { Run } from '../../../../app/api/schemas/runs';
import { ProbePreview } from './ProbePreview';
import { SampleView } from './SampleView';

/** Issue 5's "what the model sees": the probe preview as training goes, and a training sample's geometry. */
export function ModelSees({ run }: { run: Run }) {
  return (
    <details className="model-sees" open>
      <summary>What the model sees</summary>
      <section aria-label="What the model sees">
        <ProbePreview run={run} />
        <SampleView run={run} />
      </section>
    </details>
  );
}
