// Environment for building native modules against Electron's ABI (used by scripts/dist.mjs).
//
// npm exports every config value to the scripts it runs as npm_config_<key>. A `nodedir=…` line in an npmrc (this
// machine has `nodedir=/usr` in ~/.npmrc) therefore reaches node-gyp as npm_config_nodedir, and node-gyp then compiles
// against *Node's* headers at that path instead of the Electron headers it was asked for — the addon builds fine and
// crashes at load time in Electron with a NODE_MODULE_VERSION mismatch. So: drop every spelling of that variable,
// and point npm (including the npm that electron-builder and the staging install run) at a copy of the user's npmrc
// without `nodedir` lines, keeping everything else (registry, auth, proxy, cafile…).

const NODEDIR_ENV = /^npm_config_nodedir$/i;
const USERCONFIG_ENV = /^npm_config_userconfig$/i;
// `nodedir = /usr`, `nodedir=/usr`, `  NODEDIR = …`, `nodedir[]=…`; comments (# or ;) are kept as they are.
const NODEDIR_LINE = /^\s*nodedir\s*(\[\])?\s*(=|$)/i;

/** The npmrc text without `nodedir` settings. */
export function sanitizeNpmrc(npmrcText) {
  const kept = [];
  for (const line of npmrcText.split(/\r?\n/)) {
    if (!NODEDIR_LINE.test(line)) kept.push(line);
  }
  return kept.join('\n');
}

/**
 * @param {Record<string, string | undefined>} env the parent environment (not modified)
 * @param {string} npmrcText the user's npmrc, '' when there is none
 * @param {{ userconfig?: string }} [options] where the sanitized npmrc will be written; sets npm_config_userconfig
 * @returns {{ env: Record<string, string>, npmrc: string }}
 */
export function electronBuildEnv(env, npmrcText, options = {}) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (NODEDIR_ENV.test(key)) continue;
    // Replaced below when we have a sanitized copy; otherwise left alone.
    if (options.userconfig && USERCONFIG_ENV.test(key)) continue;
    out[key] = value;
  }
  if (options.userconfig) out.npm_config_userconfig = options.userconfig;
  return { env: out, npmrc: sanitizeNpmrc(npmrcText) };
}
