/**
 * The contract: what the client, the server and the exports must agree on, written
 * once. Roles and close codes; the design tokens every picture of a board uses.
 */
export { CLOSE, isFinalClose } from './close-codes.js';
export { atLeast, isRole, ROLE_DESCRIPTIONS, ROLES, type Role, visibleRoles } from './roles.js';
export {
  BLUEPRINT_LINES,
  CARD_SWATCHES,
  COLOURS,
  EDGE_STYLES,
  EMOTION_CURVE,
  HORIZON_SWATCHES,
  LANE_SWATCHES,
  QUADRANT_SWATCHES,
  type Swatch,
} from './tokens.js';
