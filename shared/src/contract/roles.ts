/**
 * Link roles: every board has one share link per role, most powerful first. The
 * server checks them, the app shows and hides affordances by them, and the sealed
 * links (server/src/auth/sealed-links.ts) follow this order.
 */
export const ROLES = ['owner', 'facilitator', 'editor', 'participant', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what `needed` may: it comes no later in ROLES. */
export function atLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(needed);
}

/** Roles whose links a role may see: its own and those below it. */
export function visibleRoles(role: Role): Role[] {
  return ROLES.slice(ROLES.indexOf(role));
}

/** What each role is for, in one line (the Share dialog and the README say it so). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, plus sharing, deleting the board and restoring versions',
  facilitator: 'Runs the workshop: votes, the timer, private rounds, locking the structure; edits the map',
  editor: 'Changes the map: stages, lanes, cards, friction, opportunities',
  participant: 'Adds and edits their own notes, comments, votes and feelings; nothing else',
  viewer: 'Watches the board live and exports it; changes nothing',
};
