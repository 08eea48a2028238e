import { initial } from './0001-initial';
import type { Migration } from './migration';

export type { Migration };
export const migrations: readonly Migration[] = [initial];
export const latestSchemaVersion = migrations.length;
