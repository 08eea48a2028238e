/**
 * Phantom generator throughput: `npx tsx bench/phantom/generate.bench.ts [--seconds N]`.
 * One JSON line per case, then a readable table. Single-threaded (the generator is pure
 * synchronous JS). images_per_s is wall-clock; cpu_ms_per_image is this process's CPU
 * time, which stays meaningful when other work shares the machine.
 */
import { generatePhantom } from '../../app/phantom/generate';

interface Row {
  case: string;
  backend: 'n/a';
  threads: 1;
  width: number;
  height: number;
  images: number;
  images_per_s: number;
  cpu_ms_per_image: number;
  peak_rss_mb: number;
}

const argSeconds = process.argv.indexOf('--seconds');
const seconds = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 4;

let peakRss = process.memoryUsage().rss;
const sampleRss = (): void => {
  const r = process.memoryUsage().rss;
  if (r > peakRss) peakRss = r;
};

function run(size: number): Row {
  // Warm up the JIT on a few images first.
  for (let s = 0; s < 3; s++) generatePhantom({ seed: 900000 + s, size });
  let n = 0;
  let checksum = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000 || n < 5) {
    const ph = generatePhantom({ seed: n, size });
    checksum = (checksum + (ph.pixels16[(n * 7919) % ph.pixels16.length] ?? 0)) | 0;
    n++;
    if (n % 4 === 0) sampleRss();
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sampleRss();
  void checksum;
  return {
    case: `phantom_generate_${size}`,
    backend: 'n/a',
    threads: 1,
    width: size,
    height: size,
    images: n,
    images_per_s: Math.round((n / wall) * 10) / 10,
    cpu_ms_per_image: Math.round(((cpu.user + cpu.system) / 1000 / n) * 10) / 10,
    peak_rss_mb: Math.round(peakRss / 1048576),
  };
}

const rows: Row[] = [];
for (const size of [512, 1024]) {
  const row = run(size);
  rows.push(row);
  console.log(JSON.stringify(row));
}

const header = ['case', 'size', 'images', 'images/s', 'cpu ms/image', 'peak RSS MB'];
const table = rows.map((r) => [r.case, `${r.width}×${r.height}`, String(r.images), r.images_per_s.toFixed(1), r.cpu_ms_per_image.toFixed(1), String(r.peak_rss_mb)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log('');
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const t of table) console.log(line(t));
