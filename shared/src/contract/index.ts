/**
 * The contract: what the client, the server and the exports must agree on, written
 * once. Roles and close codes; the bounds of texts, files and presence; how enum
 * values read; the design tokens every picture of a board uses.
 */
export { CLOSE, isFinalClose } from './close-codes.js';
export {
  HORIZON_LABELS,
  OPPORTUNITY_STATUS_LABELS,
  QUADRANT_LABELS,
  QUADRANT_TITLES,
  VOTE_SCOPE_LABELS,
} from './labels.js';
export { DISPLAY_NAME_MAX, IMPORT_LIMITS, LIMITS, PRESENCE_MAX_BYTES, SELECTION_MAX } from './limits.js';
export { LIVENESS } from './liveness.js';
export { atLeast, isRole, ROLE_DESCRIPTIONS, ROLES, type Role, visibleRoles } from './roles.js';
export {
  BLUEPRINT_LINE_STYLE,
  BLUEPRINT_LINES,
  CARD_SWATCHES,
  CHANGE_MARKS,
  type Chip,
  COLOURS,
  COMMENT_COLOURS,
  EDGE_STYLES,
  EMOTION_COLOURS,
  EMOTION_CURVE,
  FRICTION_COLOURS,
  HEAT_MAP_COLOURS,
  HORIZON_SWATCHES,
  type Hsla,
  heatColour,
  heatHsla,
  LANE_SWATCHES,
  MINIMAP_COLOURS,
  OPPORTUNITY_COLOURS,
  OPPORTUNITY_STATUS_CHIPS,
  PEOPLE_COLOURS,
  PROBLEM_COLOURS,
  QUADRANT_SWATCHES,
  type QuadrantSwatch,
  REASON_COLOURS,
  SAVE_STATUS_CHIPS,
  type Swatch,
  TIMER_CHIPS,
  VIEW_ONLY_BADGE,
  VOTING_COLOURS,
} from './tokens.js';
export { tokenProperties, tokensCss } from './tokens-css.js';
