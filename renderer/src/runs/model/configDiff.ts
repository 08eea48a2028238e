/** One configuration key across the compared runs: each run's value as text, and whether they disagree. */
export interface DiffRow {
  readonly key: string;
  readonly values: readonly string[];
  readonly differs: boolean;
}

/** A value as the diff shows it: numbers as written, missing keys as "—", objects as compact JSON. */
export function showValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Keys in the order the first run that has them lists them; a key differs when any two runs show it differently. */
export function configDiff(configs: readonly Readonly<Record<string, unknown>>[]): DiffRow[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const c of configs) {
    for (const k of Object.keys(c)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  return keys.map((key) => {
    const values = configs.map((c) => showValue(c[key]));
    return { key, values, differs: values.some((v) => v !== values[0]) };
  });
}
