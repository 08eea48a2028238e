import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dataset, Project } from '../../../app/api/contract';
import { useApiQuery } from '../api/useApiQuery';
import { FormError } from '../common/FormError';
import { ProjectSection } from '../projects/ProjectSection';
import { DatasetBrowser } from './browse/DatasetBrowser';
import { CreateDatasetForm } from './datasets/CreateDatasetForm';
import { DatasetTable } from './datasets/DatasetTable';
import { DeleteDatasetDialog } from './datasets/DeleteDatasetDialog';
import { ImportDialog } from './imports/ImportDialog';
import { progressLine } from './imports/ImportProgress';
import { useImportJobs } from './imports/useImportJobs';

/** How often a running import refreshes the counts and the grid of the dataset on screen. */
const LIVE_REFRESH_MS = 3000;

const selectionKey = (projectId: number) => `cxr.selectedDataset.${projectId}`;

function storedSelection(projectId: number): number | undefined {
  try {
    const value = Number(window.localStorage.getItem(selectionKey(projectId)));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The Data section: the current project's datasets, imports into them, and the browser for the selected one. */
export function DataPage() {
  return (
    <ProjectSection
      title="Data"
      className="wide data-page"
      intro={(name) => (
        <>
          Datasets of {name}: import DICOM, PNG, JPEG and TIFF radiographs, check what failed and why, and browse the images.
        </>
      )}
    >
      {(project) => <ProjectData project={project} />}
    </ProjectSection>
  );
}

function ProjectData({ project }: { project: Project }) {
  const datasets = useApiQuery('datasets.list', { projectId: project.id });
  const [selectedId, setSelectedId] = useState<number | undefined>(() => storedSelection(project.id));
  const [importing, setImporting] = useState<{ id: number; initial: 'new' | 'report' }>();
  const [deleting, setDeleting] = useState<Dataset>();
  const [notice, setNotice] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const reloadDatasets = datasets.reload;

  const onImportEnded = useCallback(() => {
    reloadDatasets();
    setRefresh((n) => n + 1);
  }, [reloadDatasets]);
  const jobs = useImportJobs(onImportEnded);

  const list = datasets.data;
  const selected = list?.find((d) => d.id === selectedId) ?? list?.[0];

  // While an import into the dataset on screen runs, its counts and grid follow it every few seconds.
  const liveDone = selected ? jobs.forDataset(selected)?.progress?.done : undefined;
  const lastLive = useRef(0);
  useEffect(() => {
    if (!liveDone || Date.now() - lastLive.current < LIVE_REFRESH_MS) return;
    lastLive.current = Date.now();
    reloadDatasets();
    setRefresh((n) => n + 1);
  }, [liveDone, reloadDatasets]);
  const importTarget = importing ? list?.find((d) => d.id === importing.id) : undefined;

  useEffect(() => {
    if (!selected) return;
    try {
      window.localStorage.setItem(selectionKey(project.id), String(selected.id));
    } catch {
      // Selection lasts for this window only.
    }
  }, [project.id, selected]);

  // The form takes room the grid needs: it opens on request, and by itself only while there is no dataset.
  const showForm = formOpen || list?.length === 0;

  return (
    <>
      <div className="section-bar">
        <h2 id="datasets-title">Datasets</h2>
        <button type="button" aria-expanded={showForm} aria-controls="new-dataset-form" onClick={() => setFormOpen(!showForm)}>
          New dataset…
        </button>
        <p className="notice" role="status" aria-live="polite">
          {notice}
        </p>
      </div>
      {showForm && (
        <CreateDatasetForm
          projectId={project.id}
          onCreated={(d) => {
            setNotice(`Created dataset “${d.name}”.`);
            setSelectedId(d.id);
            setFormOpen(false);
            reloadDatasets();
          }}
        />
      )}
      {list &&
        jobs.pending(list).map((entry) => (
          <p key={entry.job.id} className="pending-job" role="status">
            <span className="spinner" aria-hidden="true" />
            {entry.job.kind === 'sample' ? 'Creating the sample dataset of synthetic chest phantoms' : entry.job.title}: {progressLine(entry)}
          </p>
        ))}
      {datasets.error && <FormError>Could not load datasets: {datasets.error.message}</FormError>}
      {!list && datasets.loading && <p className="muted">Loading datasets…</p>}
      {list && list.length === 0 && <p className="muted">No datasets in this project yet. Create one above, then import images into it.</p>}
      {list && list.length > 0 && (
        <DatasetTable
          datasets={list}
          selectedId={selected?.id}
          jobs={jobs}
          onSelect={(d) => setSelectedId(d.id)}
          onRenamed={(from, to) => {
            setNotice(`Renamed “${from.name}” to “${to.name}”.`);
            reloadDatasets();
          }}
          onImport={(d, initial) => setImporting({ id: d.id, initial })}
          onDelete={setDeleting}
        />
      )}
      {selected && <DatasetBrowser key={selected.id} dataset={selected} refresh={refresh} />}
      {importTarget && importing && (
        <ImportDialog dataset={importTarget} jobs={jobs} initial={importing.initial} onClose={() => setImporting(undefined)} />
      )}
      {deleting && (
        <DeleteDatasetDialog
          dataset={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setNotice(`Deleted dataset “${deleting.name}”.`);
            setDeleting(undefined);
            reloadDatasets();
          }}
        />
      )}
    </>
  );
}
