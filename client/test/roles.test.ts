import { describe, expect, it } from 'vitest';
import { REFUSED_ROLE } from '../src/actions/dispatch.js';
import { openRoom } from './driver.js';

describe('what a viewer may do', () => {
  it('sees only the looking actions in the toolbar', () => {
    const room = openRoom();
    const vera = room.join('Vera', 'viewer');
    expect(vera.toolbar().map((button) => button.label)).toEqual([
      'Keyboard shortcuts',
      'Compare',
      'Heat map',
    ]);
  });

  it('sees every editing action offered to an editor', () => {
    const room = openRoom();
    const eddie = room.join('Eddie', 'editor');
    const labels = eddie.toolbar().map((button) => button.label);
    expect(labels).toEqual(expect.arrayContaining(['Add card', 'Add stage', 'Delete selection', 'Undo']));
  });

  it('is refused an action by name, a shortcut, and a document command', () => {
    const room = openRoom();
    const vera = room.join('Vera', 'viewer');
    expect(vera.actions.run('add-card')).toEqual({ ok: false, refusal: REFUSED_ROLE });
    expect(vera.press('n')).toBeNull();
    const stage = room.board().stages[0];
    expect(vera.actions.edit('renameStage', { id: stage?.id as string, title: 'Mine' })).toEqual({
      ok: false,
      refusal: REFUSED_ROLE,
    });
    expect(room.board().cards).toHaveLength(0);
    expect(room.board().stages[0]?.title).toBe(stage?.title);
  });

  it('may still turn the heat map on', () => {
    const room = openRoom();
    const vera = room.join('Vera', 'viewer');
    expect(vera.press('h')).toBe('heat-map');
    expect(vera.actions.store.getState().heatMap).toBe(true);
  });
});
