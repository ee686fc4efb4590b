/** A journey, its states (current and forked futures), and each state's stages and lanes. */
import { choice, entity, lockable, order, origin, ref, timestamp, title } from './fields.js';
import { LANE_KINDS, LIMITS, STATE_KINDS } from './vocabulary.js';

/** The structure of the map: while a facilitator has it locked, journeys, states, stages and lanes are theirs (and the owner's) alone. */
export const journeys = entity('journey', lockable('editor', 'facilitator'), {
  title: title('Customer journey', { max: LIMITS.title }),
  personaId: ref('personas', { nullable: true }),
  order: order(),
});

export const states = entity('state', lockable('editor', 'facilitator'), {
  journeyId: ref('journeys'),
  /** Read as 'future' when it was forked, else 'current'. */
  kind: choice(STATE_KINDS),
  /** Read as 'Future state' or 'Current state' when missing. */
  title: title('Current state', { max: LIMITS.title }),
  /** The state this one was forked from (null for a current state). */
  derivedFrom: origin('states'),
  createdAt: timestamp({ default: 0 }),
  order: order(),
});

export const stages = entity('stage', lockable('editor', 'facilitator'), {
  stateId: ref('states'),
  title: title('Untitled stage', { max: LIMITS.title }),
  order: order(),
  derivedFrom: origin('stages'),
});

export const lanes = entity('lane', lockable('editor', 'facilitator'), {
  stateId: ref('states'),
  kind: choice(LANE_KINDS, { default: 'custom' }),
  title: title('Untitled lane', { max: LIMITS.title }),
  order: order(),
  derivedFrom: origin('lanes'),
});

export const structureEntities = { journeys, states, stages, lanes };
