/** The help overlay: every action with its shortcut, read from the same registry the toolbar uses. */
import type { BoardAction } from '../actions/registry.js';
import { useDismiss } from '../ui/useDismiss.js';

const GESTURES: Array<[string, string]> = [
  ['Double-click an empty cell', 'Add a card there'],
  ['Double-click a card', 'Edit its text'],
  ['Drag a card', 'Move it to another cell'],
  ['Drag from a card’s right edge to another card', 'Draw a flow (or a hand-off, across channels)'],
  ['Shift + drag on the canvas', 'Select several cards'],
  ['Click an avatar', 'Follow that person'],
];

/** `actions`: those this person's role may run (the others do not apply to them). */
export function HelpOverlay({ actions, onClose }: { actions: BoardAction[]; onClose(): void }) {
  const box = useDismiss<HTMLDivElement>(true, onClose);
  return (
    <div className="dialog-backdrop">
      <div ref={box} role="dialog" aria-modal="true" aria-labelledby="help-title" className="dialog help">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {actions
              .filter((a) => a.shortcut)
              .map((action) => (
                <tr key={action.id}>
                  <td>
                    <kbd>{action.shortcut?.replace('Arrow', '')}</kbd>
                  </td>
                  <td>{action.label}</td>
                </tr>
              ))}
            {GESTURES.map(([gesture, effect]) => (
              <tr key={gesture}>
                <td>{gesture}</td>
                <td>{effect}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="button button--primary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
