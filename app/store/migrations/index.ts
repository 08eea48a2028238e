import { initial } from './0001-initial';
import { importColumns } from './0002-import';
import { annotations } from './0003-annotations';
import { runs } from './0004-runs';
import { analysis } from './0005-analysis';
import { workOwners } from './0006-work-owners';
import type { Migration } from './migration';

export type { Migration };
export const migrations: readonly Migration[] = [initial, importColumns, annotations, runs, analysis, workOwners];
export const latestSchemaVersion = migrations.length;
