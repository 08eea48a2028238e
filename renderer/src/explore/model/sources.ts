import type { FeatureSource, FeatureSourceRef } from '../../../../app/api/schemas/explore';

/** A feature source as one string (a <select> value, a React key): "run:3", "run:3:student", "random", "random:3", "pixels". */
export function sourceKey(ref: FeatureSourceRef): string {
  switch (ref.kind) {
    case 'run':
      return ref.weights === 'student' ? `run:${ref.runId}:student` : `run:${ref.runId}`;
    case 'random':
      return ref.likeRunId === undefined ? 'random' : `random:${ref.likeRunId}`;
    case 'pixels':
      return 'pixels';
  }
}

/** The inverse of sourceKey; null for anything it does not produce. */
export function parseSourceKey(key: string): FeatureSourceRef | null {
  if (key === 'pixels') return { kind: 'pixels' };
  if (key === 'random') return { kind: 'random' };
  const student = /^run:([1-9]\d*):student$/.exec(key);
  if (student) return { kind: 'run', runId: Number(student[1]), weights: 'student' };
  const match = /^(run|random):([1-9]\d*)$/.exec(key);
  if (!match) return null;
  const id = Number(match[2]);
  return match[1] === 'run' ? { kind: 'run', runId: id } : { kind: 'random', likeRunId: id };
}

/** What a researcher most likely opened Explore for: the newest usable checkpoint, else the first usable baseline. */
export function defaultSourceKey(sources: readonly FeatureSource[]): string | undefined {
  const usable = sources.filter((s) => s.unavailable === null);
  const pick = usable.find((s) => s.ref.kind === 'run') ?? usable.find((s) => s.ref.kind === 'pixels') ?? usable[0];
  return pick ? sourceKey(pick.ref) : undefined;
}

/** The option text of a source: its label, and why it cannot be used when it cannot. */
export function sourceOptionText(source: FeatureSource): string {
  return source.unavailable === null ? source.label : `${source.label} — ${source.unavailable}`;
}
