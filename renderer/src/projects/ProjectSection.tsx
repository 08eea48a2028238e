import { Fragment, type ReactNode } from 'react';
import type { Project } from '../../../app/api/contract';
import { FormError } from '../common/FormError';
import { useProjects } from './ProjectsContext';

interface ProjectSectionProps {
  readonly title: string;
  /** Extra classes next to "page". */
  readonly className: string;
  /** The line under the title; `name` is the current project's name in bold (or "the current project"). */
  intro(name: ReactNode): ReactNode;
  /** The section's content for the current project (keyed by it, so switching projects starts afresh). */
  children(project: Project): ReactNode;
}

/** A section about the current project: its title and intro, then the content once the project is known. */
export function ProjectSection({ title, className, intro, children }: ProjectSectionProps) {
  const { current, error } = useProjects();
  return (
    <section className={`page ${className}`} aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
        <p className="muted">{intro(current ? <strong>{current.name}</strong> : 'the current project')}</p>
      </header>
      {error && <FormError>Could not load projects: {error.message}</FormError>}
      {current ? <Fragment key={current.id}>{children(current)}</Fragment> : !error && <p className="muted">Loading projects…</p>}
    </section>
  );
}
