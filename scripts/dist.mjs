// `npm run dist [-- <electron-builder options>]`: packages the built app with electron-builder for this platform
// (targets from electron-builder.yml), e.g. `npm run dist -- --linux AppImage` or `npm run dist -- --dir`.
// `npm run dist` runs `npm run build` first. Packaging downloads Electron, Electron headers and prebuilt addons, so it
// needs network access to the npm registry, GitHub and electronjs.org. Build each OS's packages on that OS: native
// modules are compiled for the machine they are built on.
//
//   1. stage build/app: package.json with the runtime dependencies only (see dist-app.mjs), dist/ and resources/
//   2. npm install there (production dependencies; CXR_DIST_NATIVE_TF=0 leaves out the optional native TensorFlow
//      packages, whose libtensorflow adds hundreds of MB; the app then uses the wasm backend)
//   3. electron-builder --projectDir build/app --config electron-builder.yml, which rebuilds build/app's native
//      modules for Electron's ABI (npmRebuild) and packages it. The repository's node_modules are never touched.
// Steps 2 and 3 run with a sanitized environment (electron-env.mjs): no npm nodedir, which would make node-gyp
// compile against Node's headers instead of Electron's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appPackageJson, packagingWarnings, REQUIRED_BUILD_OUTPUTS, STAGED_PATHS } from './dist-app.mjs';
import { electronBuildEnv } from './electron-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');
const appDir = path.join(buildDir, 'app');
const builderArgs = process.argv.slice(2);

function fail(message) {
  console.error(`dist: ${message}`);
  process.exit(1);
}

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed (exit code ${result.status ?? result.signal}).`);
}

const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
for (const file of REQUIRED_BUILD_OUTPUTS) {
  if (!fs.existsSync(path.join(root, file))) fail(`${file} is missing. Run "npm run build" first ("npm run dist" does).`);
}
for (const warning of packagingWarnings(rootPkg, process.platform)) console.warn(`dist: warning: ${warning}`);

// Environment for npm and electron-builder, with the user's npmrc minus nodedir.
const userNpmrc = process.env.npm_config_userconfig ?? process.env.NPM_CONFIG_USERCONFIG ?? path.join(os.homedir(), '.npmrc');
const npmrcText = fs.existsSync(userNpmrc) ? fs.readFileSync(userNpmrc, 'utf8') : '';
const sanitizedNpmrc = path.join(buildDir, 'npmrc');
const { env, npmrc } = electronBuildEnv(process.env, npmrcText, { userconfig: sanitizedNpmrc });

// 1. Stage the app.
fs.rmSync(appDir, { recursive: true, force: true });
fs.mkdirSync(appDir, { recursive: true });
fs.writeFileSync(sanitizedNpmrc, npmrc, { mode: 0o600 }); // may hold registry credentials
for (const rel of STAGED_PATHS) {
  const from = path.join(root, rel);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(appDir, rel), { recursive: true });
}
const nativeTensorflow = process.env.CXR_DIST_NATIVE_TF !== '0';
fs.writeFileSync(path.join(appDir, 'package.json'), `${JSON.stringify(appPackageJson(rootPkg, { nativeTensorflow }), null, 2)}\n`);
// The root lockfile pins the versions the tests ran with; npm drops the entries the staged package does not need.
if (fs.existsSync(path.join(root, 'package-lock.json'))) fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(appDir, 'package-lock.json'));

// 2. Install the runtime dependencies into build/app/node_modules.
const npmArgs = ['install', '--omit=dev', '--no-audit', '--no-fund'];
console.log(`dist: installing runtime dependencies in ${path.relative(root, appDir)}`);
if (env.npm_execpath) run(process.execPath, [env.npm_execpath, ...npmArgs], { cwd: appDir, env });
else run(process.platform === 'win32' ? 'npm.cmd' : 'npm', npmArgs, { cwd: appDir, env, shell: process.platform === 'win32' });

// 3. Package.
const builderCli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
console.log(`dist: electron-builder ${builderArgs.join(' ') || '(targets for this platform from electron-builder.yml)'}`);
run(process.execPath, [builderCli, '--projectDir', appDir, '--config', path.join(root, 'electron-builder.yml'), ...builderArgs], { cwd: root, env });
console.log(`dist: done, see ${path.relative(process.cwd(), path.join(root, 'release')) || 'release'}/`);
