import { SECTIONS, type SectionId } from './sections';

export function NavBar({ current }: { current: SectionId }) {
  return (
    <nav className="nav" aria-label="Sections">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.id}>
            <a
              href={`#/${section.id}`}
              className={section.id === current ? 'nav-link active' : 'nav-link'}
              aria-current={section.id === current ? 'page' : undefined}
            >
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
