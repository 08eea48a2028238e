import { useSyncExternalStore } from 'react';
import { sectionFromHash, type SectionId } from './sections';

/** The section lives in the URL hash, which works the same under file:// (Electron) and http:// (web host). */
function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useHashRoute(): SectionId {
  return useSyncExternalStore(subscribe, () => sectionFromHash(window.location.hash));
}
