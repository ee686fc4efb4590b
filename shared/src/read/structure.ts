/** Journeys, their states, and each state's stages and lanes, in display order. */
import { ENTITIES } from '../entities/index.js';
import { nullableString, stringField } from '../fields.js';
import { type Journey, type JourneyState, type Lane, STATE_KINDS, type Stage } from '../model.js';
import type { EntityMap } from '../schema.js';
import { byIndex, compareTuples, type Known, type Reader } from './reader.js';

/** States of journeys that exist, journey by journey; a state's kind and title default by whether it was forked. */
export function readStates(r: Reader, known: Known, journeys: Journey[]): JourneyState[] {
  const journeyIndex = byIndex(journeys);
  const states: JourneyState[] = [];
  for (const [id, m] of r.entries('states')) {
    const journeyId = stringField(m, 'journeyId');
    if (!journeyIndex.has(journeyId)) {
      r.skip('state', id, `journey "${journeyId}" does not exist`);
      continue;
    }
    const forked = nullableString(m, 'derivedFrom') !== null;
    states.push(
      r.entity(ENTITIES.states, id, m, known, {
        journeyId,
        kind: r.choice('state', id, m, 'kind', STATE_KINDS, forked ? 'future' : 'current'),
        title: r.title('state', id, m, forked ? 'Future state' : 'Current state'),
      }),
    );
  }
  const key = (s: JourneyState) => [journeyIndex.get(s.journeyId) ?? 0, s.order, s.id];
  return states.sort((a, b) => compareTuples(key(a), key(b)));
}

/** Stages or lanes of states that exist, state by state. */
function inStates<T extends Stage | Lane>(
  r: Reader,
  name: 'stages' | 'lanes',
  states: JourneyState[],
  read: (id: string, m: EntityMap, stateId: string) => T,
): T[] {
  const stateIndex = byIndex(states);
  const items: T[] = [];
  for (const [id, m] of r.entries(name)) {
    const stateId = stringField(m, 'stateId');
    if (!stateIndex.has(stateId)) {
      r.skip(ENTITIES[name].name, id, `state "${stateId}" does not exist`);
      continue;
    }
    items.push(read(id, m, stateId));
  }
  const key = (item: T) => [stateIndex.get(item.stateId) ?? 0, item.order, item.id];
  return items.sort((a, b) => compareTuples(key(a), key(b)));
}

export function readStages(r: Reader, known: Known, states: JourneyState[]): Stage[] {
  return inStates(r, 'stages', states, (id, m, stateId) =>
    r.entity(ENTITIES.stages, id, m, known, { stateId }),
  );
}

export function readLanes(r: Reader, known: Known, states: JourneyState[]): Lane[] {
  return inStates(r, 'lanes', states, (id, m, stateId) =>
    r.entity(ENTITIES.lanes, id, m, known, { stateId }),
  );
}
