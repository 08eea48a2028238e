import { AnnotatePage } from './annotate/AnnotatePage';
import { DataPage } from './data/DataPage';
import { ExplorePage } from './explore/ExplorePage';
import { NavBar } from './navigation/NavBar';
import { SECTIONS } from './navigation/sections';
import { useHashRoute } from './navigation/useHashRoute';
import { ProjectSelector } from './projects/ProjectSelector';
import { ProjectsPage } from './projects/ProjectsPage';
import { RunsPage } from './runs/RunsPage';
import { ConnectionBanner } from './status/ConnectionBanner';
import { StatusBar } from './status/StatusBar';
import { TrainPage } from './train/TrainPage';

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
        {section.id === 'projects' ? (
          <ProjectsPage />
        ) : section.id === 'data' ? (
          <DataPage />
        ) : section.id === 'annotate' ? (
          <AnnotatePage />
        ) : section.id === 'train' ? (
          <TrainPage />
        ) : section.id === 'explore' ? (
          <ExplorePage />
        ) : (
          <RunsPage />
        )}
      </main>
      <StatusBar />
    </div>
  );
}
