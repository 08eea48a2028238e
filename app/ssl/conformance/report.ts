import { readFile } from 'node:fs/promises';
import { parseVectorFile } from './format';
import { type CaseResult, evaluateFile } from './run';

/**
 * Conformance runner core for `ssl-vectors <file.json>`: evaluates any file of the golden-vector format with
 * our own code and reports, per case, the max abs error and pass/fail. The CLI wiring (exit code) lives
 * with the CLI; this returns whether every case passed.
 */
export function formatResults(results: readonly CaseResult[]): string[] {
  const lines = results.map((r) => {
    const err = Number.isNaN(r.maxAbsError) ? '—' : r.maxAbsError.toExponential(2);
    const head = `${r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(60)} max|err| ${err}`;
    return r.pass ? head : [head, ...r.failures.map((f) => `      ${f}`)].join('\n');
  });
  const failed = results.filter((r) => !r.pass).length;
  const kinds = new Set(results.map((r) => r.kind)).size;
  lines.push(`${results.length - failed}/${results.length} cases passed (${kinds} kinds)${failed ? `, ${failed} FAILED` : ''}`);
  return lines;
}

export async function runVectorFile(path: string, print: (line: string) => void = console.log): Promise<boolean> {
  const file = parseVectorFile(JSON.parse(await readFile(path, 'utf8')));
  const results = await evaluateFile(file);
  for (const line of formatResults(results)) print(line);
  return results.every((r) => r.pass);
}
