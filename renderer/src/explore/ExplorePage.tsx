import { useMemo, useState } from 'react';
import type { Dataset, Project } from '../../../app/api/contract';
import type { FeatureSource } from '../../../app/api/schemas/explore';
import { useApiQuery } from '../api/useApiQuery';
import { FormError } from '../common/FormError';
import { useProjects } from '../projects/ProjectsContext';
import { CorrespondenceTab } from './correspondence/CorrespondenceTab';
import { fromWorstCase, initialSelection, type CorrespondenceSelection } from './correspondence/selection';
import { CosegmentTab } from './cosegment/CosegmentTab';
import { EmbeddingsTab } from './embeddings/EmbeddingsTab';
import { ExploreControls } from './ExploreControls';
import { LandmarksTab } from './landmarks/LandmarksTab';
import { EMPTY_SETTINGS, parseSettings, type SettingsForm } from './model/settings';
import { defaultSourceKey, parseSourceKey, sourceKey } from './model/sources';
import { ReportTab } from './report/ReportTab';
import { exploreImages, type ChosenSource, type ExploreScope } from './scope';
import { Tabs } from './Tabs';

type TabId = 'correspondence' | 'landmarks' | 'cosegment' | 'embeddings' | 'report';

/** Analyses read at most this many images of a dataset (the API's page size). */
const IMAGE_LIMIT = 1000;

/** The Explore section: what a model learned — correspondence, landmarks, co-segmentation, embeddings and its report. */
export function ExplorePage() {
  const { current, error } = useProjects();
  return (
    <section className="page wide explore-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Explore</h1>
        <p className="muted">
          What did a model of {current ? <strong>{current.name}</strong> : 'the current project'} learn? Point correspondence, landmark transfer,
          co-segmentation, landmark embeddings and the model report — each against the random-weights and raw-pixel baselines.
        </p>
      </header>
      {error && <FormError>Could not load projects: {error.message}</FormError>}
      {current ? <ProjectExplore key={current.id} project={current} /> : !error && <p className="muted">Loading projects…</p>}
    </section>
  );
}

function chosen(sources: readonly FeatureSource[], key: string | undefined): ChosenSource | undefined {
  const s = key === undefined ? undefined : sources.find((x) => sourceKey(x.ref) === key && x.unavailable === null);
  return s ? { ref: s.ref, label: s.label } : undefined;
}

function ProjectExplore({ project }: { project: Project }) {
  const datasets = useApiQuery('datasets.list', { projectId: project.id });
  const sources = useApiQuery('explore.sources', { projectId: project.id });
  const templates = useApiQuery('templates.list', { projectId: project.id });
  const [datasetId, setDatasetId] = useState<number>();
  const [picked, setPicked] = useState<string>();
  const [compareKey, setCompareKey] = useState('');
  const [form, setForm] = useState<SettingsForm>(EMPTY_SETTINGS);

  const list = datasets.data ?? [];
  const dataset = list.find((d) => d.id === datasetId) ?? list.find((d) => d.counts.ok > 0) ?? list[0];
  const sourceList = sources.data ?? [];
  const key = picked !== undefined && parseSourceKey(picked) ? picked : defaultSourceKey(sourceList);
  const source = chosen(sourceList, key);
  const compare = compareKey !== key ? chosen(sourceList, compareKey) : undefined;
  const parsed = parseSettings(form);

  const blocked = !source
    ? sources.data
      ? 'No usable feature source: train a run until its first checkpoint, or choose a baseline.'
      : 'Loading feature sources…'
    : Object.keys(parsed.errors).length > 0
      ? 'Fix the feature settings under Advanced.'
      : undefined;

  return (
    <>
      {datasets.error && <FormError>Could not load datasets: {datasets.error.message}</FormError>}
      {sources.error && <FormError>Could not load feature sources: {sources.error.message}</FormError>}
      {templates.error && <FormError>Could not load landmark templates: {templates.error.message}</FormError>}
      <ExploreControls
        datasets={list}
        datasetId={dataset?.id}
        sources={sourceList}
        source={key}
        compare={compareKey}
        settings={form}
        settingsErrors={parsed.errors}
        onDataset={setDatasetId}
        onSource={setPicked}
        onCompare={setCompareKey}
        onSettings={setForm}
        onRefreshSources={sources.reload}
      />
      {datasets.data && !dataset && (
        <p className="muted">
          This project has no datasets yet: create one and import images on the <a href="#/data">Data</a> page.
        </p>
      )}
      {dataset && (
        <DatasetExplore
          key={dataset.id}
          dataset={dataset}
          base={{
            projectId: project.id,
            source,
            compare,
            settings: parsed.settings,
            blocked,
            templates: templates.data ?? [],
            sources: sourceList,
          }}
        />
      )}
    </>
  );
}

type ScopeBase = Omit<ExploreScope, 'dataset' | 'images' | 'voiApplied'>;

function DatasetExplore({ dataset, base }: { dataset: Dataset; base: ScopeBase }) {
  const images = useApiQuery('images.list', { datasetId: dataset.id, status: 'ok', limit: IMAGE_LIMIT });
  const [tab, setTab] = useState<TabId>('correspondence');
  const [selection, setSelection] = useState<CorrespondenceSelection>();
  const items = useMemo(() => (images.data ? exploreImages(images.data.items) : undefined), [images.data]);

  if (images.error) return <FormError>Could not load the images of {dataset.name}: {images.error.message}</FormError>;
  if (!items) return <p className="muted">Loading images…</p>;
  if (items.length === 0) {
    return (
      <p className="muted">
        {dataset.name} has no imported images yet: import some on the <a href="#/data">Data</a> page.
      </p>
    );
  }

  const scope: ExploreScope = { ...base, dataset, images: items, voiApplied: dataset.settings.depth === 8 };
  const current = selection ?? initialSelection(items.map((i) => i.id));
  return (
    <>
      {images.data && images.data.total > items.length && (
        <p className="hint muted">
          Showing the first {items.length} of {images.data.total} images of {dataset.name}.
        </p>
      )}
      {scope.blocked && <p className="notice">{scope.blocked}</p>}
      <Tabs<TabId>
        label="Explore views"
        current={tab}
        onSelect={setTab}
        tabs={[
          { id: 'correspondence', label: 'Correspondence', content: <CorrespondenceTab scope={scope} selection={current} onSelection={setSelection} /> },
          {
            id: 'landmarks',
            label: 'Landmarks',
            content: (
              <LandmarksTab
                scope={scope}
                onOpenCase={(c) => {
                  setSelection(fromWorstCase(c));
                  setTab('correspondence');
                }}
              />
            ),
          },
          { id: 'cosegment', label: 'Co-segmentation', content: <CosegmentTab scope={scope} /> },
          { id: 'embeddings', label: 'Embeddings', content: <EmbeddingsTab scope={scope} /> },
          { id: 'report', label: 'Report', content: <ReportTab scope={scope} /> },
        ]}
      />
    </>
  );
}
