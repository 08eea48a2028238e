import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Project } from '../../../app/api/contract';
import { useApiQuery } from '../api/useApiQuery';

const STORAGE_KEY = 'cxr.currentProjectId';

interface ProjectsState {
  readonly projects: readonly Project[] | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly current: Project | undefined;
  select(id: number): void;
  reload(): void;
}

const ProjectsContext = createContext<ProjectsState | null>(null);

function storedProjectId(): number | undefined {
  try {
    const value = Number(window.localStorage.getItem(STORAGE_KEY));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The project list and the current project, shared by the selector and the Projects page. */
export function ProjectsProvider({ children }: { children: ReactNode }) {
  const query = useApiQuery('projects.list', {});
  const [selectedId, setSelectedId] = useState<number | undefined>(storedProjectId);
  const projects = query.data;

  // The current project falls back to the newest one when the remembered one no longer exists.
  const current = projects?.find((p) => p.id === selectedId) ?? projects?.[0];

  useEffect(() => {
    if (!current) return;
    // Pin the resolved choice, so a project created later does not take over just by being newest.
    setSelectedId(current.id);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(current.id));
    } catch {
      // Storage can be unavailable (private mode); the selection then lasts for this window only.
    }
  }, [current]);

  const select = useCallback((id: number) => setSelectedId(id), []);
  const value = useMemo<ProjectsState>(
    () => ({ projects, error: query.error, loading: query.loading, current, select, reload: query.reload }),
    [projects, query.error, query.loading, current, select, query.reload],
  );
  return <ProjectsContext.Provider value={value}>{children}</ProjectsContext.Provider>;
}

export function useProjects(): ProjectsState {
  const state = useContext(ProjectsContext);
  if (!state) throw new Error('useProjects() needs a <ProjectsProvider> above it.');
  return state;
}
