import type { Dataset } from '../../../../app/api/contract';
import { ItemTable, type Column } from '../../common/ItemTable';
import type { ImportJobs } from '../imports/useImportJobs';
import { DatasetRow } from './DatasetRow';

const COLUMNS: readonly Column[] = [
  { label: 'Name' },
  { label: 'Images', num: true },
  { label: 'OK', num: true },
  { label: 'Duplicates', num: true },
  { label: 'No image', num: true },
  { label: 'Failed', num: true },
  { label: 'Working copy' },
];

interface DatasetTableProps {
  readonly datasets: readonly Dataset[];
  readonly selectedId: number | undefined;
  readonly jobs: ImportJobs;
  onSelect(dataset: Dataset): void;
  onRenamed(from: Dataset, to: Dataset): void;
  onImport(dataset: Dataset, initial: 'new' | 'report'): void;
  onDelete(dataset: Dataset): void;
}

export function DatasetTable({ datasets, selectedId, jobs, onSelect, onRenamed, onImport, onDelete }: DatasetTableProps) {
  return (
    <div className="datasets-scroll">
      <ItemTable label="Datasets" className="datasets" columns={COLUMNS}>
        {datasets.map((d) => (
          <DatasetRow
            key={d.id}
            dataset={d}
            selected={d.id === selectedId}
            importJob={jobs.forDataset(d)}
            onSelect={() => onSelect(d)}
            onRenamed={(renamed) => onRenamed(d, renamed)}
            onImport={() => onImport(d, 'new')}
            onShowImport={() => onImport(d, 'report')}
            onDelete={() => onDelete(d)}
          />
        ))}
      </ItemTable>
    </div>
  );
}
