/**
 * The parts of a board a person opens rather than sees on arrival: side panels,
 * dialogs and the comparison. Each is its own chunk, fetched the first time it is
 * shown (React.lazy), so the first load carries only the header and the canvas;
 * BoardPage shows them inside Suspense. `pnpm build` prints what the first load
 * weighs (client/scripts/first-load.mjs).
 */
import { type ComponentType, lazy } from 'react';

/** A named export as a lazily loaded component. */
function onDemand<Props>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async () => ({ default: await load() }));
}

export const PersonasPanel = onDemand(() =>
  import('../panels/PersonasPanel.js').then((m) => m.PersonasPanel),
);
export const VisionPanel = onDemand(() => import('../panels/VisionPanel.js').then((m) => m.VisionPanel));
export const FrictionPanel = onDemand(() =>
  import('../analytics/FrictionPanel.js').then((m) => m.FrictionPanel),
);
export const OpportunitiesPanel = onDemand(() =>
  import('../opportunities/OpportunitiesPanel.js').then((m) => m.OpportunitiesPanel),
);
export const ReasonsPanel = onDemand(() => import('../panels/ReasonsPanel.js').then((m) => m.ReasonsPanel));
export const VotingPanel = onDemand(() => import('../workshop/VotingPanel.js').then((m) => m.VotingPanel));
export const CommentsPanel = onDemand(() =>
  import('../workshop/CommentsPanel.js').then((m) => m.CommentsPanel),
);
export const VersionsPanel = onDemand(() =>
  import('../panels/VersionsPanel.js').then((m) => m.VersionsPanel),
);
export const CardInspector = onDemand(() =>
  import('../panels/CardInspector.js').then((m) => m.CardInspector),
);
export const CardWorkshopFields = onDemand(() =>
  import('../panels/CardWorkshopFields.js').then((m) => m.CardWorkshopFields),
);
export const CompareView = onDemand(() => import('./CompareView.js').then((m) => m.CompareView));
export const ShareDialog = onDemand(() => import('./ShareDialog.js').then((m) => m.ShareDialog));
export const HelpOverlay = onDemand(() => import('./HelpOverlay.js').then((m) => m.HelpOverlay));
/** Present (present/), with the story it draws (@journeyboard/shared/story). */
export const Presentation = onDemand(() => import('../present/Presentation.js').then((m) => m.Presentation));
