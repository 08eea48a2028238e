/** Previous/next image buttons of a viewer; `keys` name the keys that do the same, for the tooltips. */
export function PrevNext({ index, total, keys, onStep }: { index: number; total: number; keys: readonly [string, string]; onStep(step: -1 | 1): void }) {
  return (
    <div className="tool-group" role="group" aria-label="Navigate">
      <button type="button" onClick={() => onStep(-1)} disabled={index <= 0} title={`Previous image (${keys[0]})`}>
        ‹ Previous
      </button>
      <button type="button" onClick={() => onStep(1)} disabled={index >= total - 1} title={`Next image (${keys[1]})`}>
        Next ›
      </button>
    </div>
  );
}
