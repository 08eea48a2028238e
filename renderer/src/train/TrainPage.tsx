import { useState } from 'react';
import type { Project } from '../../../app/api/contract';
import type { Run } from '../../../app/api/schemas/runs';
import { useApiQuery } from '../api/useApiQuery';
import { FormError } from '../common/FormError';
import { useProjects } from '../projects/ProjectsContext';
import { RunMonitor } from '../runs/monitor/RunMonitor';
import { useRunList } from '../runs/usePolling';
import { NewRunForm } from './NewRunForm';
import '../runs/runs.css';

/** The run the Train page watches when none was just started: a training one, else queued, else the latest paused or interrupted. */
export function activeRun(runs: readonly Run[]): Run | undefined {
  return (
    runs.find((r) => r.status === 'running') ??
    [...runs].reverse().find((r) => r.status === 'queued') ??
    runs.find((r) => r.status === 'paused' || r.status === 'interrupted')
  );
}

/** The Train section: the new-run form with defaults for the active backend, and the live monitor of the active run. */
export function TrainPage() {
  const { current, error } = useProjects();
  return (
    <section className="page wide train-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Train</h1>
        <p className="muted">
          Self-supervised pretraining on the datasets of {current ? <strong>{current.name}</strong> : 'the current project'}: choose data, method and
          backbone, start, and watch it learn. Training runs in its own process; the app stays responsive.
        </p>
      </header>
      {error && <FormError>Could not load projects: {error.message}</FormError>}
      {current ? <ProjectTrain key={current.id} project={current} /> : !error && <p className="muted">Loading projects…</p>}
    </section>
  );
}

function ProjectTrain({ project }: { project: Project }) {
  const status = useApiQuery('compute.status', {});
  const datasets = useApiQuery('datasets.list', { projectId: project.id });
  const runs = useRunList(project.id);
  const [startedId, setStartedId] = useState<number>();
  const [notice, setNotice] = useState('');

  const list = runs.data ?? [];
  const watched = (startedId !== undefined ? list.find((r) => r.id === startedId) : undefined) ?? activeRun(list);
  const watchedId = startedId ?? watched?.id;
  const queued = list.filter((r) => r.status === 'queued' && r.id !== watchedId).length;

  return (
    <div className="train-layout">
      <div className="train-form-column">
        {status.error && <FormError>Could not read the compute backend: {status.error.message}</FormError>}
        {datasets.error && <FormError>Could not load datasets: {datasets.error.message}</FormError>}
        {datasets.data && status.data ? (
          <NewRunForm
            projectId={project.id}
            datasets={datasets.data}
            backend={status.data.active}
            onStarted={(run) => {
              setStartedId(run.id);
              setNotice(`Started “${run.name}” (${run.status}).`);
              runs.reload();
            }}
          />
        ) : (
          !datasets.error && !status.error && <p className="muted">Loading datasets and backend…</p>
        )}
        <p className="notice" role="status" aria-live="polite">
          {notice}
        </p>
      </div>
      <div className="train-monitor-column">
        {watchedId !== undefined ? (
          <>
            {queued > 0 && (
              <p className="muted queue-note">
                {queued} more run{queued === 1 ? '' : 's'} queued — see <a href="#/runs">Runs</a>.
              </p>
            )}
            <RunMonitor
              key={watchedId}
              runId={watchedId}
              initial={watched}
              onRunChanged={(r) => {
                if (runs.data?.find((x) => x.id === r.id)?.status !== r.status) runs.reload();
              }}
            />
          </>
        ) : (
          <div className="placeholder monitor-empty">
            <p>No run in progress.</p>
            <p className="muted">
              Start one with the form; its live charts appear here. Earlier runs are on the <a href="#/runs">Runs</a> page.
            </p>
          </div>
        )}
        {runs.error && <FormError>Could not load runs: {runs.error.message}</FormError>}
      </div>
    </div>
  );
}
