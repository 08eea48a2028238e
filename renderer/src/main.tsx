import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultApiClient } from './api';
import { ApiProvider } from './api/ApiContext';
import { App } from './App';
import { ProjectsProvider } from './projects/ProjectsContext';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks the #root element.');

const client = createDefaultApiClient();

createRoot(container).render(
  <StrictMode>
    <ApiProvider client={client}>
      <ProjectsProvider>
        <App />
      </ProjectsProvider>
    </ApiProvider>
  </StrictMode>,
);
