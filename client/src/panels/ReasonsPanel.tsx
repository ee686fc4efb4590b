/** Placeholder until this panel is built. */
import type { ActionContext } from '../board/actions.js';

export function ReasonsPanel(_props: { context: ActionContext }) {
  return <section aria-label="ReasonsPanel" />;
}
