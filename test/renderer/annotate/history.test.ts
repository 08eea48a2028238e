import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, forget, record, redo, undo, type Edit } from '../../../renderer/src/annotate/history';

const edit = (id: number): Edit => ({
  id,
  label: `edit ${id}`,
  before: [{ landmark: 'p', state: 'unset', x: null, y: null, locked: false, suggestion: null }],
  after: [{ landmark: 'p', state: 'placed', x: id, y: id, locked: false, suggestion: null }],
});

describe('undo/redo history', () => {
  it('undoes in reverse order and redoes in order, without limit', () => {
    let h = EMPTY_HISTORY;
    for (let i = 1; i <= 500; i++) h = record(h, edit(i));
    const undone: number[] = [];
    for (;;) {
      const u = undo(h);
      if (!u) break;
      undone.push(u.edit.id);
      h = u.history;
    }
    expect(undone).toEqual(Array.from({ length: 500 }, (_, i) => 500 - i));
    expect(undo(h)).toBeNull();
    const r1 = redo(h)!;
    const r2 = redo(r1.history)!;
    expect([r1.edit.id, r2.edit.id]).toEqual([1, 2]);
    expect(r2.history.done.map((e) => e.id)).toEqual([1, 2]);
  });

  it('a new edit after undo drops what could be redone; a refused edit is forgotten', () => {
    let h = record(record(EMPTY_HISTORY, edit(1)), edit(2));
    h = undo(h)!.history;
    expect(h.undone.map((e) => e.id)).toEqual([2]);
    h = record(h, edit(3));
    expect(h).toEqual({ done: [edit(1), edit(3)], undone: [] });
    expect(redo(h)).toBeNull();
    expect(forget(h, 3)).toEqual({ done: [edit(1)], undone: [] });
  });
});
