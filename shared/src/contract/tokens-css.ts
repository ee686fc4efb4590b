/**
 * The design tokens as CSS custom properties: the text of client/src/styles/tokens.css,
 * which `pnpm tokens` writes and a test keeps in step, so the stylesheet reads the
 * same colours as the exports and nobody keeps two lists.
 *
 * Names follow the tokens' own structure, in the board's words: a family's prefix,
 * then each key in kebab case (CARD_SWATCHES.friction.fill is --card-friction-fill,
 * COLOURS.accentTint is --accent-tint). A key called `colour` is the family's own
 * colour, so EDGE_STYLES.handoff gives --edge-handoff and --edge-handoff-dash.
 */
import * as tokens from './tokens.js';

/**
 * Each family the stylesheet reads: its name in tokens.ts, the prefix of its
 * properties, and its tokens, in the order tokens.css lists them. (BLUEPRINT_LINES
 * and heatColour serve the exports and the heat map's cells, drawn from code.)
 */
const FAMILY_PREFIXES: ReadonlyArray<[name: string, prefix: string, family: object]> = [
  ['COLOURS', '', tokens.COLOURS],
  ['PROBLEM_COLOURS', 'problem', tokens.PROBLEM_COLOURS],
  ['LANE_SWATCHES', 'lane', tokens.LANE_SWATCHES],
  ['CARD_SWATCHES', 'card', tokens.CARD_SWATCHES],
  ['EDGE_STYLES', 'edge', tokens.EDGE_STYLES],
  ['BLUEPRINT_LINE_STYLE', 'blueprint-line', tokens.BLUEPRINT_LINE_STYLE],
  ['EMOTION_CURVE', 'emotion-curve', tokens.EMOTION_CURVE],
  ['EMOTION_COLOURS', 'emotion', tokens.EMOTION_COLOURS],
  ['SAVE_STATUS_CHIPS', 'save-status', tokens.SAVE_STATUS_CHIPS],
  ['VIEW_ONLY_BADGE', 'badge', tokens.VIEW_ONLY_BADGE],
  ['CHANGE_MARKS', 'change', tokens.CHANGE_MARKS],
  ['FRICTION_COLOURS', 'friction', tokens.FRICTION_COLOURS],
  ['HEAT_MAP_COLOURS', 'heat-map', tokens.HEAT_MAP_COLOURS],
  ['REASON_COLOURS', 'reasons', tokens.REASON_COLOURS],
  ['TIMER_CHIPS', 'timer', tokens.TIMER_CHIPS],
  ['COMMENT_COLOURS', 'comments', tokens.COMMENT_COLOURS],
  ['VOTING_COLOURS', 'voting', tokens.VOTING_COLOURS],
  ['QUADRANT_SWATCHES', 'quadrant', tokens.QUADRANT_SWATCHES],
  ['HORIZON_SWATCHES', 'horizon', tokens.HORIZON_SWATCHES],
  ['OPPORTUNITY_STATUS_CHIPS', 'opportunity-status', tokens.OPPORTUNITY_STATUS_CHIPS],
  ['OPPORTUNITY_COLOURS', 'opportunity', tokens.OPPORTUNITY_COLOURS],
];

const kebab = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** A family's leaves (colours, widths, dash patterns; null for none) under their names. */
function* properties(prefix: string, family: object): Generator<[string, string]> {
  for (const [key, value] of Object.entries(family)) {
    const name = key === 'colour' ? prefix : [prefix, kebab(key)].filter(Boolean).join('-');
    if (value !== null && typeof value === 'object') yield* properties(name, value);
    else yield [`--${name}`, value === null ? 'none' : String(value)];
  }
}

const FAMILIES = FAMILY_PREFIXES.map(([name, prefix, family]) => ({
  name,
  properties: [...properties(prefix, family)],
}));

/** Every token as a custom property: [name, value] pairs, family by family. */
export function tokenProperties(): Array<[string, string]> {
  return FAMILIES.flatMap((family) => family.properties);
}

/** The whole of tokens.css, formatted as Biome formats it. */
export function tokensCss(): string {
  const blocks = FAMILIES.map((family) =>
    [`  /* ${family.name} */`, ...family.properties.map(([name, value]) => `  ${name}: ${value};`)].join(
      '\n',
    ),
  );
  return [
    '/*',
    ' * Written by `pnpm tokens` from shared/src/contract/tokens.ts: change a colour there, not',
    ' * here. shared/test/tokens-css.test.ts fails while this file and the tokens disagree.',
    ' */',
    ':root {',
    blocks.join('\n\n'),
    '}',
    '',
  ].join('\n');
}
