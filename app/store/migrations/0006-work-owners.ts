import type { Migration } from './migration';

/**
 * Which process drives a running import or run, and when it last said so (work-owners.ts): another process that
 * opens the same database (the command line beside the app, the web host) must not take live work for dead.
 */
export const workOwners: Migration = {
  version: 6,
  name: 'owners of running imports and runs',
  sql: `
ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
ALTER TABLE runs ADD COLUMN owner_seen_ms INTEGER;
ALTER TABLE imports ADD COLUMN owner_pid INTEGER;
ALTER TABLE imports ADD COLUMN owner_seen_ms INTEGER;
`,
};
