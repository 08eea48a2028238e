// Assembles app/ssl/nn/gemm/gemm-wat.ts's module in its four variants with binaryen and writes them, base64,
// into app/ssl/nn/gemm/gemm-wasm.generated.ts (a few KB; tests, tsx and the esbuild bundle all import it
// without a file lookup). test/app/ssl/nn/gemm/gemm-wasm.test.ts fails when the file is stale.
//   npm run gen:wasm
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedGemmSource } from '../app/ssl/nn/gemm/gemm-assemble';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../app/ssl/nn/gemm/gemm-wasm.generated.ts');
fs.writeFileSync(target, await generatedGemmSource());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
