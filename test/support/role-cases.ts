/**
 * The cases of the role matrix (test/integration/roles-matrix.test.ts): each command
 * of the shared API as a person runs it, with what it acts on laid out first.
 */
import {
  addCard,
  addJourney,
  addLane,
  addOpportunity,
  addPersona,
  addPrinciple,
  addReason,
  addStage,
  applyVotePriorities,
  type CommandName,
  comment,
  connect,
  deleteSelection,
  disconnect,
  editComment,
  endVoteSession,
  forkState,
  importContacts,
  importSurvey,
  linkFriction,
  lockStructure,
  moveCard,
  moveLane,
  moveStage,
  pasteCards,
  pauseTimer,
  rateEmotion,
  readBoard,
  removeCard,
  removeComment,
  removeJourney,
  removeLane,
  removeMetric,
  removeOpportunity,
  removePersona,
  removePrinciple,
  removeReason,
  removeSource,
  removeStage,
  removeState,
  renameLane,
  renameReason,
  renameStage,
  renameState,
  resolveComment,
  resumeTimer,
  revealRound,
  setMetric,
  setObjective,
  setScoring,
  setSlide,
  setTitle,
  setVision,
  startRound,
  startTimer,
  startVoteSession,
  stopTimer,
  tagReason,
  unlinkFriction,
  updateCard,
  updateJourney,
  updateLane,
  updateOpportunity,
  updatePersona,
  updatePrinciple,
  vote,
} from '@journeyboard/shared';
import type * as Y from 'yjs';

/** Where things go, and who is who: the actor ("me") and the board's owner ("them"). */
export interface Ids {
  stateId: string;
  stageId: string;
  otherStageId: string;
  laneId: string;
  me: string;
  them: string;
}
export type Vars = Record<string, string>;
/** What a case lays out first: `seed` writes as the owner, `self` as the actor through a participant link. */
export interface Setup {
  seed: Y.Doc;
  self: Y.Doc;
  ids: Ids;
}
export interface Case {
  name: string;
  command: CommandName;
  setup?: (s: Setup) => Vars;
  run: (doc: Y.Doc, ids: Ids, vars: Vars) => void;
}

const at = (ids: Ids) => ({ stageId: ids.stageId, laneId: ids.laneId });
const theirCard = ({ seed, ids }: Setup) => addCard(seed, { ...at(ids), text: 'Theirs', authorId: ids.them });
const myCard = ({ self, ids }: Setup) => addCard(self, { ...at(ids), text: 'Mine', authorId: ids.me });
const thread = (doc: Y.Doc, targetId: string, authorId: string) =>
  comment(doc, { targetType: 'card', targetId, author: { id: authorId, name: 'Someone' }, text: 'Why?' });
const theirComment = (s: Setup) => ({ id: thread(s.seed, theirCard(s), s.ids.them) });
const myComment = (s: Setup) => ({ id: thread(s.self, myCard(s), s.ids.me) });
const session = (s: Setup, dotsPerPerson = 2) =>
  startVoteSession(s.seed, {
    stateId: s.ids.stateId,
    title: 'Dots',
    scope: 'board',
    dotsPerPerson,
    startedBy: 'Olga',
  });
/** A vote as a hostile client writes it: straight into the votes map, past the command's own checks. */
const rawVote = (doc: Y.Doc, sessionId: string, cardId: string, userId: string, dots: number) =>
  doc.getMap('votes').set([sessionId, cardId, userId].join('|'), dots);

export const CASES: Case[] = [
  { name: 'setTitle', command: 'setTitle', run: (d) => setTitle(d, { title: 'Renamed' }) },
  {
    name: 'setObjective',
    command: 'setObjective',
    run: (d) => setObjective(d, { objective: 'Fewer calls' }),
  },
  { name: 'setVision', command: 'setVision', run: (d) => setVision(d, { vision: 'Effortless returns' }) },
  { name: 'addPrinciple', command: 'addPrinciple', run: (d) => addPrinciple(d, { text: 'Be kind' }) },
  {
    name: 'updatePrinciple',
    command: 'updatePrinciple',
    setup: (s) => ({ id: addPrinciple(s.seed, { text: 'Be quick' }) }),
    run: (d, _, v) => updatePrinciple(d, { id: v.id!, text: 'Be quicker' }),
  },
  {
    name: 'removePrinciple',
    command: 'removePrinciple',
    setup: (s) => ({ id: addPrinciple(s.seed, { text: 'Be gone' }) }),
    run: (d, _, v) => removePrinciple(d, { id: v.id! }),
  },
  { name: 'addPersona', command: 'addPersona', run: (d) => addPersona(d, { name: 'Pat' }) },
  {
    name: 'updatePersona',
    command: 'updatePersona',
    setup: (s) => ({ id: addPersona(s.seed, { name: 'Sam' }) }),
    run: (d, _, v) => updatePersona(d, { id: v.id!, name: 'Samantha' }),
  },
  {
    name: 'removePersona',
    command: 'removePersona',
    setup: (s) => ({ id: addPersona(s.seed, { name: 'Gone' }) }),
    run: (d, _, v) => removePersona(d, { id: v.id! }),
  },
  { name: 'addJourney', command: 'addJourney', run: (d) => addJourney(d, { title: 'Onboarding' }) },
  {
    name: 'updateJourney',
    command: 'updateJourney',
    setup: (s) => ({ id: addJourney(s.seed, { title: 'Renewal' }).journeyId }),
    run: (d, _, v) => updateJourney(d, { id: v.id!, title: 'Renewals' }),
  },
  {
    name: 'removeJourney',
    command: 'removeJourney',
    setup: (s) => ({ id: addJourney(s.seed, { title: 'Churn' }).journeyId }),
    run: (d, _, v) => removeJourney(d, { id: v.id! }),
  },
  {
    // The state holds cards of two people by now: the copies keep their authors.
    name: 'forkState',
    command: 'forkState',
    setup: (s) => ({ mine: myCard(s), theirs: theirCard(s) }),
    run: (d, ids) => forkState(d, { stateId: ids.stateId }),
  },
  {
    name: 'renameState',
    command: 'renameState',
    setup: (s) => ({ id: forkState(s.seed, { stateId: s.ids.stateId, title: 'Soon' }) }),
    run: (d, _, v) => renameState(d, { id: v.id!, title: 'Later' }),
  },
  {
    name: 'removeState',
    command: 'removeState',
    setup: (s) => ({ id: forkState(s.seed, { stateId: s.ids.stateId, title: 'Never' }) }),
    run: (d, _, v) => removeState(d, { id: v.id! }),
  },
  {
    name: 'addStage',
    command: 'addStage',
    run: (d, ids) => addStage(d, { stateId: ids.stateId, title: 'Extra' }),
  },
  {
    name: 'renameStage',
    command: 'renameStage',
    setup: (s) => ({ id: addStage(s.seed, { stateId: s.ids.stateId, title: 'Step' }) }),
    run: (d, _, v) => renameStage(d, { id: v.id!, title: 'Steps' }),
  },
  {
    name: 'moveStage',
    command: 'moveStage',
    setup: (s) => ({ id: addStage(s.seed, { stateId: s.ids.stateId, title: 'Last' }) }),
    run: (d, _, v) => moveStage(d, { id: v.id!, index: 0 }),
  },
  {
    name: 'removeStage',
    command: 'removeStage',
    setup: (s) => ({ id: addStage(s.seed, { stateId: s.ids.stateId, title: 'Gone' }) }),
    run: (d, _, v) => removeStage(d, { id: v.id! }),
  },
  {
    name: 'addLane',
    command: 'addLane',
    run: (d, ids) => addLane(d, { stateId: ids.stateId, kind: 'custom', title: 'Extra lane' }),
  },
  ...(['renameLane', 'updateLane', 'moveLane', 'removeLane'] as const).map(
    (command): Case => ({
      name: command,
      command,
      setup: (s) => ({ id: addLane(s.seed, { stateId: s.ids.stateId, kind: 'custom', title: 'Lane' }) }),
      run: (d, _, v) => {
        const id = v.id!;
        if (command === 'renameLane') renameLane(d, { id, title: 'Renamed lane' });
        else if (command === 'updateLane') updateLane(d, { id, kind: 'friction' });
        else if (command === 'moveLane') moveLane(d, { id, index: 0 });
        else removeLane(d, { id });
      },
    }),
  ),
  {
    name: 'addCard',
    command: 'addCard',
    run: (d, ids) => addCard(d, { ...at(ids), text: 'Mine', authorId: ids.me }),
  },
  {
    name: 'addCard under another person',
    command: 'addCard',
    run: (d, ids) => addCard(d, { ...at(ids), text: 'Forged', authorId: ids.them }),
  },
  {
    name: 'addCard with a priority',
    command: 'addCard',
    run: (d, ids) => addCard(d, { ...at(ids), text: 'Urgent', authorId: ids.me, priority: 1 }),
  },
  ...(['own', 'their'] as const).flatMap((whose): Case[] => {
    const card = (s: Setup) => ({ id: whose === 'own' ? myCard(s) : theirCard(s) });
    return [
      {
        name: `updateCard, ${whose} card`,
        command: 'updateCard',
        setup: card,
        run: (d, _, v) => updateCard(d, { id: v.id!, text: 'Edited', emotion: 1 }),
      },
      {
        name: `moveCard, ${whose} card`,
        command: 'moveCard',
        setup: card,
        run: (d, ids, v) => moveCard(d, { id: v.id!, stageId: ids.otherStageId, laneId: ids.laneId }),
      },
      {
        name: `removeCard, ${whose} card`,
        command: 'removeCard',
        setup: card,
        run: (d, _, v) => removeCard(d, { id: v.id! }),
      },
      {
        name: `deleteSelection, ${whose} card`,
        command: 'deleteSelection',
        setup: card,
        run: (d, _, v) => deleteSelection(d, { cardIds: [v.id!], edgeIds: [] }),
      },
      {
        name: `tagReason, ${whose} card`,
        command: 'tagReason',
        setup: (s) => ({ ...card(s), reason: addReason(s.seed, { title: 'Price' }) }),
        run: (d, _, v) => tagReason(d, { cardId: v.id!, reasonId: v.reason! }),
      },
      {
        name: `editComment, ${whose} comment`,
        command: 'editComment',
        setup: whose === 'own' ? myComment : theirComment,
        run: (d, _, v) => editComment(d, { id: v.id!, text: 'Edited' }),
      },
      {
        name: `resolveComment, ${whose} thread`,
        command: 'resolveComment',
        setup: whose === 'own' ? myComment : theirComment,
        run: (d, _, v) => resolveComment(d, { id: v.id! }),
      },
      {
        name: `removeComment, ${whose} comment`,
        command: 'removeComment',
        setup: whose === 'own' ? myComment : theirComment,
        run: (d, _, v) => removeComment(d, { id: v.id! }),
      },
    ];
  }),
  {
    name: 'updateCard, priority of own card',
    command: 'updateCard',
    setup: (s) => ({ id: myCard(s) }),
    run: (d, _, v) => updateCard(d, { id: v.id!, priority: 2 }),
  },
  {
    name: 'connect',
    command: 'connect',
    setup: (s) => ({ from: theirCard(s), to: theirCard(s) }),
    run: (d, _, v) => connect(d, { from: v.from!, to: v.to! }),
  },
  {
    name: 'disconnect',
    command: 'disconnect',
    setup: (s) => ({ id: connect(s.seed, { from: theirCard(s), to: theirCard(s) }) }),
    run: (d, _, v) => disconnect(d, { id: v.id! }),
  },
  {
    name: 'pasteCards',
    command: 'pasteCards',
    setup: (s) => ({ id: theirCard(s) }),
    run: (d, ids, v) =>
      pasteCards(d, {
        stateId: ids.stateId,
        cards: readBoard(d).cards.filter((c) => c.id === v.id),
        authorId: ids.me,
      }),
  },
  { name: 'addOpportunity', command: 'addOpportunity', run: (d) => addOpportunity(d, { title: 'Fix it' }) },
  ...(['updateOpportunity', 'removeOpportunity', 'linkFriction', 'unlinkFriction'] as const).map(
    (command): Case => ({
      name: command,
      command,
      setup: (s) => {
        const card = theirCard(s);
        const id = addOpportunity(s.seed, { title: 'Idea', frictionIds: [card] });
        return { card, id, unlinked: theirCard(s) };
      },
      run: (d, _, v) => {
        const id = v.id!;
        if (command === 'updateOpportunity') updateOpportunity(d, { id, title: 'Better idea' });
        else if (command === 'removeOpportunity') removeOpportunity(d, { id });
        else if (command === 'unlinkFriction') unlinkFriction(d, { opportunityId: id, cardId: v.card! });
        else linkFriction(d, { opportunityId: id, cardId: v.unlinked! });
      },
    }),
  ),
  {
    name: 'setMetric',
    command: 'setMetric',
    run: (d, ids) => setMetric(d, { stageId: ids.stageId, name: 'NPS', current: 10, target: 40 }),
  },
  {
    name: 'removeMetric',
    command: 'removeMetric',
    setup: (s) => ({ id: setMetric(s.seed, { stageId: s.ids.stageId, name: 'CES', current: 3, target: 2 }) }),
    run: (d, _, v) => removeMetric(d, { id: v.id! }),
  },
  {
    name: 'setSlide',
    command: 'setSlide',
    run: (d) => setSlide(d, { key: 'title', hidden: true, notes: 'Open with the numbers' }),
  },
  {
    name: 'importContacts',
    command: 'importContacts',
    run: (d) =>
      importContacts(d, {
        source: { name: 'Contacts export', fileName: 'contacts.csv', rows: 3, unit: 'month', importedAt: 1 },
        volumes: [{ primary: 'Delivery', secondary: 'Late', period: '2026-03', channel: 'phone', count: 3 }],
      }),
  },
  {
    name: 'importSurvey',
    command: 'importSurvey',
    run: (d, ids) =>
      importSurvey(d, {
        source: { name: 'Survey', fileName: 'survey.csv', rows: 10, unit: 'month', importedAt: 1 },
        readings: [
          { stageId: ids.stageId, name: 'NPS', label: '', period: '2026-03', value: 30, responses: 10 },
        ],
      }),
  },
  {
    name: 'removeSource',
    command: 'removeSource',
    setup: (s) => ({
      id: importContacts(s.seed, {
        source: { name: 'Old export', fileName: '', rows: 1, unit: 'month', importedAt: 1 },
        volumes: [{ primary: 'Billing', secondary: null, period: '2026-02', channel: null, count: 1 }],
      }).sourceId,
    }),
    run: (d, _, v) => removeSource(d, { id: v.id! }),
  },
  { name: 'addReason', command: 'addReason', run: (d) => addReason(d, { title: 'Delivery' }) },
  {
    name: 'renameReason',
    command: 'renameReason',
    setup: (s) => ({ id: addReason(s.seed, { title: 'Speed' }) }),
    run: (d, _, v) => renameReason(d, { id: v.id!, title: 'Speediness' }),
  },
  {
    name: 'removeReason',
    command: 'removeReason',
    setup: (s) => ({ id: addReason(s.seed, { title: 'Gone' }) }),
    run: (d, _, v) => removeReason(d, { id: v.id! }),
  },
  {
    name: 'comment',
    command: 'comment',
    setup: (s) => ({ id: theirCard(s) }),
    run: (d, ids, v) => thread(d, v.id!, ids.me),
  },
  {
    name: 'comment under another person',
    command: 'comment',
    setup: (s) => ({ id: theirCard(s) }),
    run: (d, ids, v) => thread(d, v.id!, ids.them),
  },
  { name: 'setScoring', command: 'setScoring', run: (d) => setScoring(d, { unknownSegmentWeight: 0.5 }) },
  {
    name: 'startVoteSession',
    command: 'startVoteSession',
    run: (d, ids) =>
      startVoteSession(d, {
        stateId: ids.stateId,
        title: 'Mine',
        scope: 'board',
        dotsPerPerson: 3,
        startedBy: 'Me',
      }),
  },
  {
    name: 'endVoteSession',
    command: 'endVoteSession',
    setup: (s) => ({ id: session(s) }),
    run: (d, _, v) => endVoteSession(d, { id: v.id! }),
  },
  {
    name: 'applyVotePriorities',
    command: 'applyVotePriorities',
    setup: (s) => {
      const id = session(s);
      vote(s.seed, { sessionId: id, targetId: theirCard(s), userId: s.ids.them, dots: 1 });
      endVoteSession(s.seed, { id });
      return { id };
    },
    run: (d, _, v) => applyVotePriorities(d, { sessionId: v.id! }),
  },
  {
    name: 'startTimer',
    command: 'startTimer',
    run: (d) => startTimer(d, { durationMs: 60_000, startedBy: 'Me' }),
  },
  ...(['pauseTimer', 'resumeTimer', 'stopTimer'] as const).map(
    (command): Case => ({
      name: command,
      command,
      setup: (s) => {
        startTimer(s.seed, { durationMs: 120_000, startedBy: 'Olga' });
        if (command === 'resumeTimer') pauseTimer(s.seed, {});
        return {};
      },
      run: (d) => {
        if (command === 'pauseTimer') pauseTimer(d, {});
        else if (command === 'resumeTimer') resumeTimer(d, {});
        else stopTimer(d, {});
      },
    }),
  ),
  { name: 'startRound', command: 'startRound', run: (d) => startRound(d, { startedBy: 'Me' }) },
  {
    name: 'revealRound',
    command: 'revealRound',
    setup: (s) => ({ id: startRound(s.seed, { startedBy: 'Olga' }) }),
    run: (d, _, v) => revealRound(d, { id: v.id! }),
  },
  {
    name: 'rateEmotion',
    command: 'rateEmotion',
    setup: (s) => ({ id: theirCard(s) }),
    run: (d, ids, v) => rateEmotion(d, { cardId: v.id!, userId: ids.me, score: 2 }),
  },
  {
    name: 'rateEmotion under another person',
    command: 'rateEmotion',
    setup: (s) => ({ id: theirCard(s) }),
    run: (d, ids, v) => rateEmotion(d, { cardId: v.id!, userId: ids.them, score: 2 }),
  },
  ...(
    [
      ['vote', (d, ids, v) => vote(d, { sessionId: v.id!, targetId: v.card!, userId: ids.me, dots: 2 })],
      [
        'vote under another person',
        (d, ids, v) => vote(d, { sessionId: v.id!, targetId: v.card!, userId: ids.them, dots: 1 }),
      ],
      ['vote past the allowance', (d, ids, v) => rawVote(d, v.id!, v.card!, ids.me, 3)],
    ] satisfies Array<[string, Case['run']]>
  ).map(
    ([name, run]): Case => ({
      name,
      command: 'vote',
      setup: (s) => ({ id: session(s), card: theirCard(s) }),
      run,
    }),
  ),
  {
    name: 'vote in an ended session',
    command: 'vote',
    setup: (s) => {
      const id = session(s);
      endVoteSession(s.seed, { id });
      return { id, card: theirCard(s) };
    },
    run: (d, ids, v) => rawVote(d, v.id!, v.card!, ids.me, 1),
  },
  // Last: locking holds for every case after it.
  { name: 'lockStructure', command: 'lockStructure', run: (d) => lockStructure(d, { locked: true }) },
  {
    name: 'renameStage while the structure is locked',
    command: 'renameStage',
    setup: (s) => {
      lockStructure(s.seed, { locked: true });
      return { id: addStage(s.seed, { stateId: s.ids.stateId, title: 'Fixed' }) };
    },
    run: (d, _, v) => renameStage(d, { id: v.id!, title: 'Moved on' }),
  },
  {
    name: 'addCard while the structure is locked',
    command: 'addCard',
    setup: (s) => {
      lockStructure(s.seed, { locked: true });
      return {};
    },
    run: (d, ids) => addCard(d, { ...at(ids), text: 'Still allowed', authorId: ids.me }),
  },
];
