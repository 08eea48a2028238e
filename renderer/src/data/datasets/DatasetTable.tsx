import type { Dataset } from '../../../../app/api/contract';
import type { ImportJobs } from '../imports/useImportJobs';
import { DatasetRow } from './DatasetRow';

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
      <table className="table datasets" aria-label="Datasets">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="num">Images</th>
            <th scope="col" className="num">OK</th>
            <th scope="col" className="num">Duplicates</th>
            <th scope="col" className="num">No image</th>
            <th scope="col" className="num">Failed</th>
            <th scope="col">Working copy</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
