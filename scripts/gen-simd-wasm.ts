// Assembles our wasm SIMD kernels (app/ssl/nn/simd/module-wat.ts) in their four variants with binaryen and writes them, base64,
// into app/ssl/nn/simd/simd-wasm.generated.ts (a few KB; tests, tsx and the esbuild bundle all import it
// without a file lookup). test/app/ssl/nn/simd/simd.test.ts fails when the file is stale.
//   npm run gen:wasm
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedSimdSource } from '../app/ssl/nn/simd/assemble';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../app/ssl/nn/simd/simd-wasm.generated.ts');
fs.writeFileSync(target, await generatedSimdSource());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
