import * as tf from '@tensorflow/tfjs';
import { compareTree } from './compare';
import type { VectorCase, VectorFile } from './format';
import { EVALUATORS } from './kinds';

export interface CaseResult {
  readonly name: string;
  readonly kind: string;
  readonly pass: boolean;
  readonly maxAbsError: number;
  readonly failures: readonly string[];
}

/** Evaluates one case with our own code; unknown kinds and thrown errors are failures, never skips. */
export async function evaluateCase(c: VectorCase): Promise<CaseResult> {
  const evaluator = EVALUATORS[c.kind];
  const base = { name: c.name, kind: c.kind };
  if (!evaluator) return { ...base, pass: false, maxAbsError: NaN, failures: [`unknown kind "${c.kind}"`] };
  tf.engine().startScope();
  try {
    const got = await evaluator(c);
    return { ...base, ...compareTree(got, c.expected, c.tolerance) };
  } catch (err) {
    return { ...base, pass: false, maxAbsError: NaN, failures: [`threw: ${(err as Error).message ?? String(err)}`] };
  } finally {
    tf.engine().endScope();
  }
}

export async function evaluateFile(file: VectorFile): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of file.cases) out.push(await evaluateCase(c));
  return out;
}
