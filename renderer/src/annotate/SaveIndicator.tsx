import type { SaveState } from './useWriteQueue';

/** "Saving…", "All changes saved" or the host's error, quietly in the header. */
export function SaveIndicator({ state }: { state: SaveState }) {
  const text = state.status === 'saving' ? 'Saving…' : state.status === 'saved' ? 'All changes saved' : state.status === 'error' ? `Not saved: ${state.error}` : '';
  return (
    <span
      className={`save-indicator save-${state.status}`}
      data-testid="save-indicator"
      data-state={state.status}
      role={state.status === 'error' ? 'alert' : 'status'}
      title={state.error}
    >
      {text}
    </span>
  );
}
