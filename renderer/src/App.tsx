import { DataPage } from './data/DataPage';
import { NavBar } from './navigation/NavBar';
import { PlaceholderPage } from './navigation/PlaceholderPage';
import { SECTIONS } from './navigation/sections';
import { useHashRoute } from './navigation/useHashRoute';
import { ProjectSelector } from './projects/ProjectSelector';
import { ProjectsPage } from './projects/ProjectsPage';
import { ConnectionBanner } from './status/ConnectionBanner';
import { StatusBar } from './status/StatusBar';

export function App() {
  const sectionId = useHashRoute();
  const section = SECTIONS.find((s) => s.id === sectionId) ?? SECTIONS[0]!;

  return (
    <div className="shell">
      <header className="app-header">
        <span className="app-title">CXR Anatomy Studio</span>
        <ProjectSelector />
      </header>
      <ConnectionBanner />
      <NavBar current={section.id} />
      <main className="main">
        {section.id === 'projects' ? <ProjectsPage /> : section.id === 'data' ? <DataPage /> : <PlaceholderPage section={section} />}
      </main>
      <StatusBar />
    </div>
  );
}
