import { createProject, deleteProject, getProject, listProjects, renameProject } from '../services/projects';
import type { HandlerDeps, HandlerGroup } from './deps';

export function projectHandlers({ db, guard }: HandlerDeps): HandlerGroup<
  'projects.list' | 'projects.get' | 'projects.create' | 'projects.rename' | 'projects.delete'
> {
  return {
    'projects.list': () => guard(() => listProjects(db)),
    'projects.get': ({ id }) => guard(() => getProject(db, id)),
    'projects.create': ({ name, description }) => guard(() => createProject(db, name, description)),
    'projects.rename': ({ id, name }) => guard(() => renameProject(db, id, name)),
    'projects.delete': ({ id }) =>
      guard(() => {
        deleteProject(db, id);
        return { deleted: true as const };
      }),
  };
}
