import { useEffect, useState } from 'react';
import type { Project } from '../../../app/api/contract';
import type { Run } from '../../../app/api/schemas/runs';
import { FormError } from '../common/FormError';
import { useProjects } from '../projects/ProjectsContext';
import { ComparePanel } from './compare/ComparePanel';
import { DeleteRunDialog } from './list/DeleteRunDialog';
import { filterRuns, NO_FILTER, type RunFilter } from './list/filters';
import { RunFilters } from './list/RunFilters';
import { RunsTable } from './list/RunsTable';
import { RunMonitor } from './monitor/RunMonitor';
import { useRunList } from './usePolling';
import './runs.css';

type View = { readonly kind: 'none' } | { readonly kind: 'monitor'; readonly id: number } | { readonly kind: 'compare'; readonly ids: readonly number[] };

/** The Runs section: the current project's runs with filters, a live monitor of one, and a comparison of several. */
export function RunsPage() {
  const { current, error } = useProjects();
  return (
    <section className="page wide runs-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Runs</h1>
        <p className="muted">
          Pretraining runs of {current ? <strong>{current.name}</strong> : 'the current project'}: watch one live, or select two or more to compare their
          curves and configurations.
        </p>
      </header>
      {error && <FormError>Could not load projects: {error.message}</FormError>}
      {current ? <ProjectRuns key={current.id} project={current} /> : !error && <p className="muted">Loading projects…</p>}
    </section>
  );
}

function ProjectRuns({ project }: { project: Project }) {
  const list = useRunList(project.id);
  const [filter, setFilter] = useState<RunFilter>(NO_FILTER);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [view, setView] = useState<View>({ kind: 'none' });
  const [deleting, setDeleting] = useState<Run>();
  const [notice, setNotice] = useState('');
  const runs = list.data;

  // Runs that disappeared (deleted elsewhere) leave the selection.
  useEffect(() => {
    if (!runs) return;
    const ids = new Set(runs.map((r) => r.id));
    setSelected((s) => (Array.from(s).every((id) => ids.has(id)) ? s : new Set(Array.from(s).filter((id) => ids.has(id)))));
  }, [runs]);

  const shown = runs ? filterRuns(runs, filter) : [];
  const selectedRuns = runs?.filter((r) => selected.has(r.id)) ?? [];
  const compared = view.kind === 'compare' ? (runs?.filter((r) => view.ids.includes(r.id)) ?? []) : [];
  const openRun = view.kind === 'monitor' ? runs?.find((r) => r.id === view.id) : undefined;

  const replaceRun = (run: Run) => {
    if (!runs) return;
    const old = runs.find((r) => r.id === run.id);
    if (old && (old.status !== run.status || old.stepsDone !== run.stepsDone || old.checkpoints !== run.checkpoints)) {
      list.set(runs.map((r) => (r.id === run.id ? run : r)));
      // A run that went live again (resume) makes the list poll again.
      if (old.status !== run.status) list.reload();
    }
  };

  return (
    <>
      <div className="section-bar runs-bar">
        <RunFilters runs={runs ?? []} filter={filter} onChange={setFilter} />
        <button
          type="button"
          className="primary"
          disabled={selectedRuns.length < 2}
          onClick={() => setView({ kind: 'compare', ids: selectedRuns.map((r) => r.id) })}
          title={selectedRuns.length < 2 ? 'Select two or more runs to compare' : undefined}
        >
          Compare selected ({selectedRuns.length})
        </button>
        {selected.size > 0 && (
          <button type="button" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        )}
        <p className="notice" role="status" aria-live="polite">
          {notice}
        </p>
      </div>
      {list.error && <FormError>Could not load runs: {list.error.message}</FormError>}
      {!runs && !list.error && <p className="muted">Loading runs…</p>}
      {runs && runs.length === 0 && (
        <p className="muted empty-runs">
          No runs in this project yet. Start one on the <a href="#/train">Train</a> page.
        </p>
      )}
      {runs && runs.length > 0 && shown.length === 0 && <p className="muted">No run matches the filters.</p>}
      {shown.length > 0 && (
        <RunsTable
          runs={shown}
          openId={view.kind === 'monitor' ? view.id : undefined}
          selected={selected}
          onToggle={(run, on) =>
            setSelected((s) => {
              const next = new Set(s);
              if (on) next.add(run.id);
              else next.delete(run.id);
              return next;
            })
          }
          onOpen={(run) => setView({ kind: 'monitor', id: run.id })}
          onDelete={setDeleting}
        />
      )}
      {view.kind === 'monitor' && <RunMonitor key={view.id} runId={view.id} initial={openRun} onRunChanged={replaceRun} />}
      {view.kind === 'compare' && compared.length >= 2 && <ComparePanel runs={compared} onClose={() => setView({ kind: 'none' })} />}
      {deleting && (
        <DeleteRunDialog
          run={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setNotice(`Deleted run “${deleting.name}”.`);
            if ((view.kind === 'monitor' && view.id === deleting.id) || (view.kind === 'compare' && view.ids.includes(deleting.id))) setView({ kind: 'none' });
            setDeleting(undefined);
            list.reload();
          }}
        />
      )}
    </>
  );
}
