import { SHORTCUT_SHEET } from './keymap';

/** The keyboard shortcuts (`?`), over the image; `?` or Esc closes it. */
export function ShortcutSheet({ onClose }: { onClose(): void }) {
  return (
    <div className="shortcut-sheet" role="dialog" aria-label="Keyboard shortcuts">
      <header>
        <h2>Keyboard shortcuts</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="shortcut-groups">
        {SHORTCUT_SHEET.map((g) => (
          <section key={g.group}>
            <h3>{g.group}</h3>
            <dl>
              {g.items.map(([keys, what]) => (
                <div key={`${keys}-${what}`} className="shortcut-row">
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
