import { useEffect, useMemo, useState } from 'react';
import type { Dataset, Project } from '../../../app/api/contract';
import type { ImageWorkStatus, QueueItem, Template } from '../../../app/api/schemas/annotations';
import { useApiQuery } from '../api/useApiQuery';
import { FormError } from '../common/FormError';
import { ProjectSection } from '../projects/ProjectSection';
import { AgreementDialog } from './AgreementDialog';
import { AnnotatorView } from './AnnotatorView';
import { ExchangeDialog } from './ExchangeDialog';
import { QueuePanel } from './QueuePanel';
import { checkAnnotator, storeAnnotator, storedAnnotator, storedSession, storeSession } from './session';
import { SessionBar } from './SessionBar';
import { TemplatesDialog } from './templates/TemplatesDialog';
import { useAnnotators } from './useAnnotators';

/** The Annotate section: choose dataset, template and annotator; the work queue; templates, exchange, agreement. */
export function AnnotatePage() {
  return (
    <ProjectSection
      title="Annotate"
      className="wide annotate-page"
      intro={(name) => (
        <>
          Place the landmarks of a template on the images of a dataset in {name}. Every click is saved at once; press <kbd>?</kbd> in the annotator for
          the keyboard shortcuts.
        </>
      )}
    >
      {(project) => <ProjectAnnotate project={project} />}
    </ProjectSection>
  );
}

type Panel = 'templates' | 'exchange' | 'agreement' | null;

function ProjectAnnotate({ project }: { project: Project }) {
  const datasets = useApiQuery('datasets.list', { projectId: project.id });
  const templates = useApiQuery('templates.list', { projectId: project.id });
  const [session, setSession] = useState(() => storedSession(project.id));
  const [annotator, setAnnotator] = useState(storedAnnotator);
  const [filter, setFilter] = useState<ImageWorkStatus | 'all'>('all');
  const [panel, setPanel] = useState<Panel>(null);
  const [annotating, setAnnotating] = useState<{ items: readonly QueueItem[]; start: number }>();
  const [version, setVersion] = useState(0);

  const dataset: Dataset | undefined = datasets.data?.find((d) => d.id === session.datasetId) ?? datasets.data?.[0];
  const template: Template | undefined = templates.data?.find((t) => t.id === session.templateId) ?? templates.data?.[0];
  const known = useAnnotators(dataset?.id, undefined, version);
  const checked = checkAnnotator(annotator);
  const who = 'name' in checked ? checked.name : undefined;

  useEffect(() => {
    if (dataset || template) storeSession(project.id, { datasetId: dataset?.id, templateId: template?.id });
  }, [project.id, dataset, template]);

  if (datasets.error) return <FormError>Could not load datasets: {datasets.error.message}</FormError>;
  if (templates.error) return <FormError>Could not load templates: {templates.error.message}</FormError>;
  if (!datasets.data || !templates.data) return <p className="muted">Loading datasets and templates…</p>;
  if (datasets.data.length === 0) {
    return (
      <p className="muted">
        This project has no dataset yet. Create one and import images on the <a href="#/data">Data</a> page, then come back to annotate.
      </p>
    );
  }

  return (
    <>
      <SessionBar
        datasets={datasets.data}
        templates={templates.data}
        datasetId={dataset?.id}
        templateId={template?.id}
        annotator={annotator}
        annotatorError={'error' in checked && annotator.trim() !== '' ? checked.error : undefined}
        knownAnnotators={known}
        onDataset={(id) => setSession((s) => ({ ...s, datasetId: id }))}
        onTemplate={(id) => setSession((s) => ({ ...s, templateId: id }))}
        onAnnotator={(name) => {
          setAnnotator(name);
          storeAnnotator(name);
        }}
      />
      <div className="annotate-actions" role="group" aria-label="Templates and files">
        <button type="button" onClick={() => setPanel('templates')}>
          Templates…
        </button>
        <button type="button" onClick={() => setPanel('exchange')} disabled={!dataset || !template}>
          Export / import…
        </button>
        <button type="button" onClick={() => setPanel('agreement')} disabled={!dataset || !template}>
          Agreement…
        </button>
      </div>
      {!who && annotator.trim() === '' && <p className="muted">Enter your name as the annotator to see the work queue: every point records who placed it.</p>}
      {dataset && template && who && (
        <Queue
          key={`${dataset.id}/${template.id}/${who}`}
          dataset={dataset}
          template={template}
          annotator={who}
          filter={filter}
          version={version}
          onFilter={setFilter}
          onOpen={(items, start) => setAnnotating({ items, start })}
        />
      )}
      {annotating && dataset && template && who && (
        <AnnotatorView
          dataset={dataset}
          template={template}
          annotator={who}
          items={annotating.items}
          startIndex={annotating.start}
          onClose={() => {
            setAnnotating(undefined);
            setVersion((n) => n + 1);
            templates.reload();
          }}
        />
      )}
      {panel === 'templates' && (
        <TemplatesDialog
          project={project}
          templates={templates.data}
          currentId={template?.id}
          onChanged={(selectId) => {
            templates.reload();
            setVersion((n) => n + 1);
            if (selectId !== undefined) setSession((s) => ({ ...s, templateId: selectId }));
          }}
          onClose={() => setPanel(null)}
        />
      )}
      {panel === 'exchange' && dataset && template && (
        <ExchangeDialog
          dataset={dataset}
          template={template}
          annotator={who}
          onImported={(templateId) => {
            templates.reload();
            setVersion((n) => n + 1);
            if (templateId !== undefined) setSession((s) => ({ ...s, templateId }));
          }}
          onClose={() => setPanel(null)}
        />
      )}
      {panel === 'agreement' && dataset && template && <AgreementDialog dataset={dataset} template={template} onClose={() => setPanel(null)} />}
    </>
  );
}

interface QueueProps {
  readonly dataset: Dataset;
  readonly template: Template;
  readonly annotator: string;
  readonly filter: ImageWorkStatus | 'all';
  readonly version: number;
  onFilter(filter: ImageWorkStatus | 'all'): void;
  onOpen(items: readonly QueueItem[], start: number): void;
}

function Queue({ dataset, template, annotator, filter, version, onFilter, onOpen }: QueueProps) {
  const input = useMemo(
    () => ({ datasetId: dataset.id, templateId: template.id, annotator, status: filter === 'all' ? undefined : [filter], limit: 5000 }),
    [dataset.id, template.id, annotator, filter],
  );
  const queue = useApiQuery('annotations.queue', input);
  const { reload } = queue;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  return (
    <>
      {queue.error && <FormError>Could not load the queue: {queue.error.message}</FormError>}
      <QueuePanel
        queue={queue.data}
        loading={queue.loading}
        filter={filter}
        pointCount={template.points.length}
        canStart={queue.data !== undefined}
        onFilter={onFilter}
        onOpen={(start) => queue.data && onOpen(queue.data.items, start)}
      />
    </>
  );
}
