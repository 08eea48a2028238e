import { type HostTensor, type Tolerance, decodeTensor, isHostTensor, isWireTensor } from './format';

/** A produced result: the same tree shape as `expected`, leaves are numbers or host tensors. */
export type ResultTree = number | HostTensor | readonly ResultTree[] | { readonly [key: string]: ResultTree };

export interface Comparison {
  readonly pass: boolean;
  /** Largest |got - expected| over float leaves (0 when there are none). */
  readonly maxAbsError: number;
  readonly failures: readonly string[];
}

interface Bound {
  readonly abs: number;
  readonly rel: number;
}

const MAX_REPORTED = 8;

/** numpy.allclose per element; int32 leaves and integer scalars must match exactly, as the format demands. */
export function compareTree(got: ResultTree, expected: unknown, tolerance: Tolerance): Comparison {
  const failures: string[] = [];
  let maxAbsError = 0;
  const fail = (msg: string): void => {
    if (failures.length < MAX_REPORTED) failures.push(msg);
    else if (failures.length === MAX_REPORTED) failures.push('…');
  };
  const close = (path: string, g: number, e: number, b: Bound, exact: boolean): void => {
    const err = Math.abs(g - e);
    if (!exact && Number.isFinite(err)) maxAbsError = Math.max(maxAbsError, err);
    const ok = exact ? g === e : err <= b.abs + b.rel * Math.abs(e);
    if (!ok) fail(`${path}: got ${g}, expected ${e} (|err| ${err.toExponential(3)})`);
  };
  const walk = (path: string, g: ResultTree | undefined, e: unknown, b: Bound): void => {
    if (g === undefined) return fail(`${path}: missing in result`);
    if (typeof e === 'number') {
      if (typeof g !== 'number') return fail(`${path}: expected a number`);
      // Integer scalars (counts, steps, pixel boxes) must match exactly; a float that is integral only by chance
      // (a loss of exactly 0) is equal anyway, and a non-integral float falls back to the tolerance.
      return close(path, g, e, b, Number.isInteger(e) && Number.isInteger(g));
    }
    if (isWireTensor(e)) {
      if (!isHostTensor(g)) return fail(`${path}: expected a tensor`);
      const exp = decodeTensor(e);
      if (exp.shape.length !== g.shape.length || exp.shape.some((d, i) => d !== g.shape[i])) {
        return fail(`${path}: shape [${g.shape}] vs expected [${exp.shape}]`);
      }
      const exact = exp.dtype === 'int32';
      for (let i = 0; i < exp.data.length; i++) close(`${path}[${i}]`, g.data[i] ?? NaN, exp.data[i] ?? NaN, b, exact);
      return;
    }
    if (Array.isArray(e)) {
      if (!Array.isArray(g)) return fail(`${path}: expected a list`);
      if (g.length !== e.length) return fail(`${path}: list length ${g.length} vs ${e.length}`);
      e.forEach((item, i) => walk(`${path}[${i}]`, (g as readonly ResultTree[])[i], item, b));
      return;
    }
    if (typeof e === 'object' && e !== null) {
      if (typeof g !== 'object' || Array.isArray(g) || isHostTensor(g)) return fail(`${path}: expected an object`);
      const gObj = g as { readonly [key: string]: ResultTree };
      const extra = Object.keys(gObj).filter((k) => !(k in e));
      if (extra.length > 0) fail(`${path}: unexpected keys ${extra.join(', ')}`);
      for (const [k, v] of Object.entries(e)) walk(path ? `${path}.${k}` : k, gObj[k], v, b);
      return;
    }
    fail(`${path}: unsupported expected leaf ${JSON.stringify(e)}`);
  };
  if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) {
    walk('', got, expected, tolerance);
  } else {
    // tolerance.fields overrides the bound for a named top-level key.
    const gObj = got as { readonly [key: string]: ResultTree };
    const extra = typeof got === 'object' && !isHostTensor(got) && !Array.isArray(got) ? Object.keys(gObj).filter((k) => !(k in expected)) : [];
    if (extra.length > 0) fail(`unexpected keys ${extra.join(', ')}`);
    for (const [k, v] of Object.entries(expected)) walk(k, gObj[k], v, tolerance.fields?.[k] ?? tolerance);
  }
  return { pass: failures.length === 0, maxAbsError, failures };
}
