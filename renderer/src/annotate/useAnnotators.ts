import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';

/** Annotator names used in a dataset (with one template, when given); empty until loaded or on failure. */
export function useAnnotators(datasetId: number | undefined, templateId?: number, version = 0): readonly string[] {
  const api = useApi();
  const [names, setNames] = useState<readonly string[]>([]);
  useEffect(() => {
    if (datasetId === undefined) return;
    let live = true;
    api.call('annotations.annotators', { datasetId, ...(templateId === undefined ? {} : { templateId }) }).then(
      (list) => live && setNames(list),
      () => live && setNames([]),
    );
    return () => {
      live = false;
    };
  }, [api, datasetId, templateId, version]);
  return names;
}
