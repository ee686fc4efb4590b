/**
 * The board's toolbar: one row of grouped buttons (create, edit, workshop, analyse)
 * and a More menu for what a workshop rarely needs. Actions come from the registry
 * (each says its group), panels from PANEL_TOOLS; both show only to those
 * the write rules let use them, as before. Names stay the actions' labels, so e2e
 * tests and screen readers find them wherever they stand.
 */
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { type BoardAction, TOOLBAR_PLACES, type ToolbarPlace } from '../actions/registry.js';
import { SIDE_PANELS, type SidePanel } from '../store/boardStore.js';
import type { IconName } from '../ui/icons.js';
import { MenuButton, type MenuEntry } from '../ui/MenuButton.js';
import { type LabelShown, ToolButton } from '../ui/ToolButton.js';
import { UnreadCommentsBadge } from '../workshop/WorkshopBadges.js';
import { WorkshopTimer } from '../workshop/WorkshopTimer.js';
import { StructureLockToggle } from './StructureLock.js';

/** Each side panel's toggle: its title (the button's name), where it stands, its icon. */
export const PANEL_TOOLS: Record<SidePanel, { title: string; place: ToolbarPlace; icon?: IconName }> = {
  vision: { title: 'Vision', place: 'more' },
  personas: { title: 'Personas', place: 'more' },
  friction: { title: 'Friction', place: 'analyse', icon: 'friction' },
  opportunities: { title: 'Opportunities', place: 'analyse', icon: 'opportunity' },
  reasons: { title: 'Reasons', place: 'more' },
  workshop: { title: 'Voting', place: 'workshop', icon: 'vote' },
  comments: { title: 'Comments', place: 'workshop', icon: 'comment' },
  versions: { title: 'Versions', place: 'more' },
};

/** The icon of each action with a toolbar button (the registry's actions say where they stand, not how they look). */
const ACTION_ICONS: Record<string, IconName> = {
  'add-card': 'plus',
  'add-stage': 'stage',
  'add-lane': 'lane',
  undo: 'undo',
  redo: 'redo',
  delete: 'trash',
  compare: 'compare',
  'heat-map': 'heat',
  present: 'present',
};

const GROUP_NAMES: Record<Exclude<ToolbarPlace, 'more'>, string> = {
  create: 'Create',
  edit: 'Edit',
  workshop: 'Workshop',
  analyse: 'Analyse',
};

/** Labels beside icons: the one action a newcomer looks for first always; panels' names on wide screens; the rest in tooltips. */
const ALWAYS_LABELLED = new Set(['add-card']);

const togglePanel = (actions: BoardActions, panel: SidePanel) =>
  actions.store.setState((s) => ({
    panel: s.panel === panel ? null : panel,
    commentTarget: null,
    opportunityFocus: null,
  }));

export function BoardToolbar({ actions }: { actions: BoardActions }) {
  const state = useStore(actions.store);
  const offered = actions.offered(state);
  const at = (place: ToolbarPlace) => offered.filter((action) => action.place === place);
  const panelsAt = (place: ToolbarPlace) => SIDE_PANELS.filter((panel) => PANEL_TOOLS[panel].place === place);

  const actionButton = (action: BoardAction, show: LabelShown) => (
    <ToolButton
      key={action.id}
      icon={ACTION_ICONS[action.id]}
      label={action.label}
      shortcut={action.shortcut}
      show={ALWAYS_LABELLED.has(action.id) ? 'always' : show}
      disabled={!actions.allowed(action, state)}
      aria-pressed={action.pressed?.(state)}
      onClick={() => actions.run(action.id)}
    />
  );
  const panelButton = (panel: SidePanel) => (
    <ToolButton
      key={panel}
      icon={PANEL_TOOLS[panel].icon}
      label={PANEL_TOOLS[panel].title}
      show="wide"
      aria-pressed={state.panel === panel}
      onClick={() => togglePanel(actions, panel)}
    >
      {panel === 'comments' && <UnreadCommentsBadge />}
    </ToolButton>
  );
  const more: MenuEntry[] = [
    ...panelsAt('more').map((panel) => ({
      key: panel,
      label: PANEL_TOOLS[panel].title,
      checked: state.panel === panel,
      run: () => togglePanel(actions, panel),
    })),
    ...at('more').map((action) => ({
      key: action.id,
      label: action.label,
      shortcut: action.shortcut,
      checked: action.pressed?.(state),
      disabled: !actions.allowed(action, state),
      run: () => actions.run(action.id),
    })),
  ];

  return (
    <div role="toolbar" aria-label="Board actions" className="toolbar">
      {TOOLBAR_PLACES.filter((place) => place !== 'more').map((place) => {
        const buttons = [
          ...at(place).map((action) => actionButton(action, 'never')),
          ...panelsAt(place).map(panelButton),
        ];
        // The timer and the lock stand with the workshop's panels (they show only to whom they concern).
        const workshop = place === 'workshop';
        if (buttons.length === 0 && !workshop) return null;
        return (
          <fieldset
            key={place}
            aria-label={GROUP_NAMES[place]}
            className={`toolbar__group toolbar__group--${place}`}
          >
            {buttons}
            {workshop && <WorkshopTimer actions={actions} />}
            {workshop && <StructureLockToggle actions={actions} />}
          </fieldset>
        );
      })}
      <MenuButton label="More actions" icon="more" entries={more} />
    </div>
  );
}
