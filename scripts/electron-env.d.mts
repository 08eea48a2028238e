// Types for electron-env.mjs, so the TypeScript tests can import it.
export function sanitizeNpmrc(npmrcText: string): string;
export function electronBuildEnv(
  env: Readonly<Record<string, string | undefined>>,
  npmrcText: string,
  options?: { userconfig?: string },
): { env: Record<string, string>; npmrc: string };
