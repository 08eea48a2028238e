import path from 'node:path';
import { z } from 'zod';
import { insideImage } from '../../annotations/geometry';
import { describeZodIssues } from '../../annotations/formats/errors';
import { parseJsonText } from '../../annotations/formats/json';
import type { Prediction } from './evaluate';
import type { CorrespondencePair } from './runner';

/**
 * The `correspond` command's input: {"pairs": [{"query": "<image>", "key": "<image>", "points": {"<name>": [x, y]}}]}
 * with points in query pixels (x = column); relative image paths are relative to the pairs file's folder.
 */
const Coordinate = z.number().finite();
const PairsFile = z.object({
  pairs: z
    .array(
      z.object({
        query: z.string().min(1, 'the query image path is empty'),
        key: z.string().min(1, 'the key image path is empty'),
        points: z
          .record(z.string().min(1, 'a landmark name is empty'), z.tuple([Coordinate, Coordinate], { message: 'a point is [x, y] (two numbers)' }))
          .refine((p) => Object.keys(p).length > 0, 'no points: give at least one {"<name>": [x, y]}'),
      }),
    )
    .min(1, 'no pairs'),
});

export interface PairsDocument {
  /** Images named as the file names them (so the output can be joined with the input). */
  readonly pairs: CorrespondencePair[];
  /** Each name used in `pairs` → its absolute path. */
  readonly paths: ReadonlyMap<string, string>;
}

export function parsePairsFile(text: string, file: string): PairsDocument {
  const parsed = PairsFile.safeParse(parseJsonText(text, `pairs (${file})`));
  if (!parsed.success) throw new Error(`${file} is not a valid pairs file: ${describeZodIssues(parsed.error)}`);
  const dir = path.dirname(path.resolve(file));
  const pairs = parsed.data.pairs.map((p) => ({
    query: p.query,
    key: p.key,
    points: Object.fromEntries(Object.entries(p.points).map(([name, [x, y]]) => [name, { x, y }])),
  }));
  return { pairs, paths: new Map(pairs.flatMap((p) => [p.query, p.key]).map((name) => [name, path.resolve(dir, name)])) };
}

/** Points outside the query image are mistakes (usually swapped x/y or another image's frame). */
export function checkPointsInside(pairs: readonly CorrespondencePair[], sizes: ReadonlyMap<string, { width: number; height: number }>, file: string): void {
  pairs.forEach((pair, i) => {
    const size = sizes.get(pair.query)!;
    for (const [name, p] of Object.entries(pair.points)) {
      if (!insideImage(p.x, p.y, size.width, size.height)) {
        throw new Error(`${file}: pairs[${i}].points.${name} = [${p.x}, ${p.y}] is outside the query image ${pair.query} (${size.width}×${size.height}; x is the column).`);
      }
    }
  });
}

/** The command's output, in key pixels. */
export function predictionsFile(predictions: readonly Prediction[]): string {
  return `${JSON.stringify({ predictions: predictions.map(({ query, key, landmark, x, y, score }) => ({ query, key, landmark, x, y, score })) }, null, 2)}\n`;
}
