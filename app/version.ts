import pkg from '../package.json' with { type: 'json' };

declare const __CXR_COMMIT__: string | undefined;

export const appName = pkg.productName;
export const appVersion = pkg.version;
/** Git commit baked in at build time; runs record it so results can be traced to code. */
export const codeCommit: string = typeof __CXR_COMMIT__ === 'string' ? __CXR_COMMIT__ : 'unbuilt';
export const codeVersion = `${appVersion}+${codeCommit}`;
