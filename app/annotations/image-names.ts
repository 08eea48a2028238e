/**
 * Files name images by file name; a dataset may hold two "image1.png" in different folders. Exports then use the
 * shortest path suffix that tells them apart ("a/image1.png"), and imports match a reference by path suffix, so an
 * export always re-imports into the same dataset, and a plain file name matches when it is unique.
 */

function segments(p: string): string[] {
  return p.split(/[\\/]+/).filter((s) => s !== '');
}

/** For each source path, the shortest distinguishing suffix ("/"-joined). */
export function distinctNames(paths: readonly string[]): Map<string, string> {
  const split = new Map(paths.map((p) => [p, segments(p)]));
  const out = new Map<string, string>();
  const byBase = new Map<string, string[]>();
  for (const [p, segs] of split) {
    const base = segs[segs.length - 1] ?? p;
    const list = byBase.get(base);
    if (list) list.push(p);
    else byBase.set(base, [p]);
  }
  for (const [base, group] of byBase) {
    if (group.length === 1) {
      out.set(group[0]!, base);
      continue;
    }
    for (const p of group) {
      const segs = split.get(p)!;
      let k = 1;
      const suffix = (q: string, n: number) => split.get(q)!.slice(-n).join('/');
      while (k < segs.length && group.some((q) => q !== p && suffix(q, k) === suffix(p, k))) k++;
      out.set(p, suffix(p, k));
    }
  }
  return out;
}

export interface NamedImage {
  readonly id: number;
  readonly sourcePath: string;
}

export type MatchResult<T> = { kind: 'match'; image: T } | { kind: 'unknown' } | { kind: 'ambiguous'; candidates: T[] };

/** Matches file references against a dataset's images by path suffix (case-sensitive, separators either way). */
export function createImageMatcher<T extends NamedImage>(images: readonly T[]): (ref: string) => MatchResult<T> {
  const byBase = new Map<string, T[]>();
  for (const img of images) {
    const segs = segments(img.sourcePath);
    const base = segs[segs.length - 1] ?? img.sourcePath;
    const list = byBase.get(base);
    if (list) list.push(img);
    else byBase.set(base, [img]);
  }
  return (ref) => {
    const want = segments(ref);
    const base = want[want.length - 1];
    if (!base) return { kind: 'unknown' };
    const candidates = (byBase.get(base) ?? []).filter((img) => {
      const segs = segments(img.sourcePath);
      return want.length <= segs.length && want.every((s, i) => segs[segs.length - want.length + i] === s);
    });
    if (candidates.length === 0) return { kind: 'unknown' };
    if (candidates.length === 1) return { kind: 'match', image: candidates[0]! };
    return { kind: 'ambiguous', candidates };
  };
}
