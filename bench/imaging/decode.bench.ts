/**
 * Decode throughput per case, single thread: `npx tsx bench/imaging/decode.bench.ts`.
 * One JSON line per case, then a table. Each case decodes from a file already in the OS cache (one warm-up run),
 * repeating for at least MIN_MS so short decodes are measured over many runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImageFile } from '../../app/imaging/decode';
import { printRow, printTable, type Row } from '../lib/report';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const data = path.resolve(repoRoot, '../shared/data');
const MIN_MS = 3000;
const MIN_RUNS = 3;

interface Case {
  readonly name: string;
  readonly file: string;
}

function cases(): Case[] {
  const dicom = path.join(data, 'dicom');
  const out: Case[] = ['UNC', 'RLE', 'JPLL', 'JPLY', 'JLSL', 'JLSN', 'J2KR', 'J2KI'].map((s) => ({ name: `RG2_${s}`, file: path.join(dicom, `RG2_${s}.dcm`) }));
  const jsrt = path.join(data, 'jsrt-dev/images');
  const png = fs.existsSync(jsrt) ? fs.readdirSync(jsrt).filter((f) => f.endsWith('.png')).sort()[0] : undefined;
  if (png) out.push({ name: 'jsrt-png-8bit', file: path.join(jsrt, png) });
  return out.filter((c) => fs.existsSync(c.file));
}

async function run(c: Case) {
  const first = await decodeImageFile(c.file);
  if (first.kind !== 'image') throw new Error(`${c.name}: ${first.reason}`);
  let peak = process.memoryUsage().rss;
  let runs = 0;
  const start = performance.now();
  while (runs < MIN_RUNS || performance.now() - start < MIN_MS) {
    await decodeImageFile(c.file);
    runs++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = (performance.now() - start) / runs;
  return {
    case: c.name,
    backend: 'n/a',
    threads: 1,
    width: first.width,
    height: first.height,
    images_per_s: Number((1000 / ms).toFixed(2)),
    ms_per_image: Number(ms.toFixed(1)),
    peak_rss_mb: Math.round(peak / 2 ** 20),
  };
}

const list = cases();
if (list.length === 0) {
  console.warn(`no benchmark inputs: ${data} is absent`);
  process.exit(0);
}
const rows: Row[] = [];
for (const c of list) {
  const row = await run(c);
  printRow(row);
  rows.push(row);
}
printTable(rows);
