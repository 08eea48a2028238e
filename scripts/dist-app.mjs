// What scripts/dist.mjs stages in build/app, the project electron-builder packages (--projectDir build/app).
// Pure functions, unit tested in test/main/electron/dist-app.test.ts.
//
// Why a staged app ("two package.json structure"): electron-builder refuses `electron` anywhere in the app's
// dependencies, and npm's normalisation merges optionalDependencies into dependencies — our root package.json must keep
// electron optional so `npm install` works where its download is blocked. And electron-builder rebuilds native modules
// in place: on the root node_modules that would leave better-sqlite3 built for Electron, breaking `npm test` and the
// web host under Node. The staged app has its own package.json (runtime dependencies only) and its own node_modules,
// and is packaged as its own project, so electron-builder's rebuild stays inside it (electron-builder.yml explains).

/** Packages the built app never needs at run time, even if someone lists them as dependencies. */
const NEVER_SHIPPED = new Set(['electron', 'electron-builder', 'electron-prebuilt', '@electron/rebuild']);

const pick = (deps) => Object.fromEntries(Object.entries(deps ?? {}).filter(([name]) => !NEVER_SHIPPED.has(name)));

const NATIVE_TENSORFLOW = /^@tensorflow\/tfjs-node(-gpu)?$/;

/**
 * The staged app's package.json: metadata plus runtime dependencies; native TensorFlow stays optional, or is left out
 * with `nativeTensorflow: false` (smaller packages that use the wasm backend).
 */
export function appPackageJson(rootPkg, { nativeTensorflow = true } = {}) {
  const out = {
    name: rootPkg.name,
    productName: rootPkg.productName,
    version: rootPkg.version,
    description: rootPkg.description,
    author: rootPkg.author,
    license: rootPkg.license,
    private: true,
    main: rootPkg.main,
  };
  // deb packages need a homepage and a maintainer e-mail (author.email, or linux.maintainer in electron-builder.yml).
  for (const key of ['homepage', 'repository']) if (rootPkg[key] !== undefined) out[key] = rootPkg[key];
  out.dependencies = pick(rootPkg.dependencies);
  const optional = Object.fromEntries(
    Object.entries(pick(rootPkg.optionalDependencies)).filter(([name]) => nativeTensorflow || !NATIVE_TENSORFLOW.test(name)),
  );
  if (Object.keys(optional).length > 0) out.optionalDependencies = optional;
  return out;
}

/** Files of the built app (relative to the repo) that go into the staged app. */
export const STAGED_PATHS = [
  'dist/main/electron-main.cjs',
  'dist/main/electron-main.cjs.map',
  'dist/main/preload.cjs',
  'dist/main/preload.cjs.map',
  'dist/renderer',
  'resources',
];

/** These must exist before packaging: `npm run dist` builds them first. */
export const REQUIRED_BUILD_OUTPUTS = ['dist/main/electron-main.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html'];

/** Problems that stop a deb build later with a less helpful message; returned as warnings. */
export function packagingWarnings(rootPkg, platform) {
  const warnings = [];
  if (platform === 'linux') {
    const email = typeof rootPkg.author === 'object' && rootPkg.author !== null ? rootPkg.author.email : /<[^>]+@[^>]+>/.test(String(rootPkg.author ?? ''));
    if (!rootPkg.homepage) warnings.push('package.json has no "homepage": the deb target needs one (AppImage does not).');
    if (!email) warnings.push('package.json "author" has no e-mail: the deb target needs a maintainer address (AppImage does not).');
  }
  return warnings;
}
