/** openExtractor's home is extractors.ts (where the analysis worker imports it); this path is kept for the CLI's import. */
export { openExtractor } from './extractors';
