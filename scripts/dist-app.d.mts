// Types for dist-app.mjs, so the TypeScript tests can import it.
export interface PackageJsonLike {
  name?: string;
  productName?: string;
  version?: string;
  description?: string;
  author?: string | { name?: string; email?: string };
  license?: string;
  main?: string;
  homepage?: string;
  repository?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}
export function appPackageJson(rootPkg: PackageJsonLike, options?: { nativeTensorflow?: boolean }): PackageJsonLike;
export const STAGED_PATHS: readonly string[];
export const REQUIRED_BUILD_OUTPUTS: readonly string[];
export function packagingWarnings(rootPkg: PackageJsonLike, platform: NodeJS.Platform): string[];
