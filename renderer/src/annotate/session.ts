/** What the Annotate page remembers between visits: the annotator's name (per machine), dataset and template (per project). */

const ANNOTATOR_KEY = 'cxr.annotator';
const sessionKey = (projectId: number) => `cxr.annotate.${projectId}`;

export interface StoredSession {
  readonly datasetId?: number;
  readonly templateId?: number;
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage unavailable (private mode): remembered for this window only.
  }
}

export function storedAnnotator(): string {
  return read(ANNOTATOR_KEY) ?? '';
}

export function storeAnnotator(name: string): void {
  write(ANNOTATOR_KEY, name);
}

export function storedSession(projectId: number): StoredSession {
  try {
    const value = JSON.parse(read(sessionKey(projectId)) ?? '{}') as StoredSession;
    return { datasetId: Number(value.datasetId) || undefined, templateId: Number(value.templateId) || undefined };
  } catch {
    return {};
  }
}

export function storeSession(projectId: number, session: StoredSession): void {
  write(sessionKey(projectId), JSON.stringify(session));
}

/** The name as the host will store it, or a reason it cannot be used. */
export function checkAnnotator(name: string): { name: string } | { error: string } {
  const trimmed = name.trim();
  if (!trimmed) return { error: 'Enter your name: annotations record who placed them.' };
  if (trimmed.length > 80) return { error: 'Annotator name must be at most 80 characters.' };
  if (/[\u0000-\u001f]/.test(trimmed)) return { error: 'Annotator name must not contain control characters.' };
  return { name: trimmed };
}
