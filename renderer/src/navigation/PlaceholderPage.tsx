import type { Section } from './sections';

export function PlaceholderPage({ section }: { section: Section }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{section.label}</h1>
      {section.placeholder && (
        <div className="placeholder">
          <p>{section.placeholder.description}</p>
          <p className="muted">Not built yet — arrives with {section.placeholder.issue}.</p>
        </div>
      )}
    </section>
  );
}
