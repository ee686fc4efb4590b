/**
 * @journeyboard/shared: the board document. The server, the client, tests and tools
 * read a board with `readBoard` and change it with the commands below (each one Yjs
 * transaction, its input validated); nothing else touches the Yjs layout.
 *
 * The story a board tells as slides (story/: the deck the PPTX, the PDF and the app's
 * presentation draw) is its own entry, `@journeyboard/shared/story`: the app loads it
 * only when someone presents, so the board's first load does not carry it. Evidence from
 * real data (evidence/: contact and survey files read and aggregated) is another,
 * `@journeyboard/shared/evidence`, for the same reason.
 */

export { type ImportedBoard, importBoardState, newBoardState } from './board-state.js';
export { changedCardIds } from './changes.js';
export { commandRefusal, type Touch, touchRefusal } from './command-permissions.js';
export {
  addPersona,
  addPrinciple,
  hasBoard,
  removePersona,
  removePrinciple,
  setObjective,
  setTitle,
  setVision,
  updatePersona,
  updatePrinciple,
} from './commands/board.js';
export { addCard, connect, disconnect, moveCard, removeCard, updateCard } from './commands/cards.js';
export {
  type DeleteSelectionInput,
  deleteSelection,
  MANY_CARDS,
  type PasteCardsInput,
  pasteCards,
} from './commands/clipboard.js';
export {
  type EvidenceSummary,
  importContacts,
  importSurvey,
  removeSource,
} from './commands/evidence.js';
export {
  commitDrafts,
  type DraftedNote,
  inRoundScope,
  lockStructure,
  revealRound,
  startRound,
} from './commands/facilitation.js';
export {
  addOpportunity,
  addReason,
  linkFriction,
  removeMetric,
  removeOpportunity,
  removeReason,
  renameReason,
  setMetric,
  setScoring,
  tagReason,
  unlinkFriction,
  updateOpportunity,
} from './commands/planning.js';
export { setSlide } from './commands/presentation.js';
export {
  addJourney,
  addLane,
  addStage,
  currentStateId,
  forkState,
  type JourneyCreated,
  moveLane,
  moveStage,
  removeJourney,
  removeLane,
  removeStage,
  removeState,
  renameLane,
  renameStage,
  renameState,
  updateJourney,
  updateLane,
} from './commands/structure.js';
export {
  applyVotePriorities,
  comment,
  denseRanks,
  editComment,
  endVoteSession,
  pauseTimer,
  rateEmotion,
  removeComment,
  resolveComment,
  resumeTimer,
  startTimer,
  startVoteSession,
  stopTimer,
  vote,
} from './commands/workshop.js';
export * from './contract/index.js';
export { type CardChangeField, type CardPair, diffStates, type StateDiff } from './diff.js';
export {
  arrowHead,
  arrowPoints,
  type Box,
  EDGE_LABEL,
  EDGE_LINE,
  type EdgeGeometry,
  edgeGeometry,
  edgeLabelText,
  edgeWidthAt,
  gridObstacles,
  type PlacedLabel,
  type Point,
  routeEdge,
  routeEdges,
  routePath,
} from './edge-routes.js';
export type {
  DiffedKeys,
  EntityDeclaration,
  EntryDeclaration,
  Field,
  FieldSpec,
  Fields,
  HasDefault,
  InputMode,
  InputShape,
  PatchOf,
  Shape,
  SingletonDeclaration,
  SnapshotOf,
  ValueOf,
  WriteRule,
} from './entities/index.js';
export {
  ENTITIES,
  ENTITY_COLLECTIONS,
  ENTRIES,
  type EntityCollection,
  entryValue,
  SINGLETONS,
  storedFieldSpecs,
  writeRule,
} from './entities/index.js';
export { BoardCommandError, type BoardErrorCode, BoardImportError, PROBLEM_LIMITS } from './errors.js';
export {
  type CoverageCell,
  type EvidenceCoverage,
  evidenceCoverage,
  hasEvidence,
} from './evidence-coverage.js';
export {
  describeEvidence,
  describeSources,
  type EvidenceFrequency,
  evidenceFrequencies,
} from './evidence-frequency.js';
export {
  dotsUsed,
  type EmotionSpread,
  emotionSpread,
  timerRemaining,
  type VoteResult,
  voteResults,
} from './facilitation.js';
export {
  diffFriction,
  type FrictionChange,
  type FrictionDiff,
  type FrictionFilter,
  type FrictionItem,
  type FrictionList,
  type FrictionOutcome,
  type FrictionScore,
  frictionByStage,
  frictionHeatMap,
  frictionScore,
  frictionScorer,
  type HeatCell,
  isFrictionCard,
  normaliseFrequency,
  opportunitiesAddressing,
  rankFriction,
  type StageFriction,
} from './friction.js';
export { boardTypes, restoreUpdate } from './history.js';
export { newId } from './ids.js';
export {
  type CommandInput,
  type CommandName,
  METRIC_RANGES,
  schemas as commandSchemas,
} from './inputs.js';
export {
  type CellHit,
  type Column,
  type CurvePoint,
  cellAt,
  emotionCurve,
  emotionY,
  GRID,
  type GridLayout,
  layoutState,
  type PlacedCard,
  type Row,
  smoothPath,
} from './layout.js';
export {
  formatMetric,
  type MetricTrend,
  metricTrends,
  type TrendedMetric,
  trendedMetrics,
} from './metrics.js';
export { type MigrationResult, migrateBoard, schemaVersionOf } from './migrations.js';
export * from './model.js';
export {
  type OpportunityEffect,
  opportunityEffects,
  QUADRANT_SCORES,
  QUADRANTS,
  type Quadrant,
  quadrantOf,
  roadmap,
  type ScoreRange,
  scoresInQuadrant,
} from './opportunities.js';
export { compareOrdered } from './order.js';
export { ORIGINS, type TransactionOrigin } from './origins.js';
export {
  type Actor,
  allows,
  dotsSpent,
  inVoteScope,
  keyRule,
  type Part,
  parseVoteKey,
  partOf,
  type Subject,
  snapshotOwner,
  storedOwner,
  structureLocked,
  UNDECLARED,
  type VoteEntry,
  voteRefusal,
} from './permissions.js';
export {
  canSummon,
  displayNameSkeleton,
  normaliseDisplayName,
  PRESENCE_DRAFTS_MAX,
  PRESENCE_SLIDE_MAX,
  type PresenceState,
  type PresenceUser,
  type SanitizedPresence,
  sanitizePresence,
} from './presence.js';
export { patchCards, readBoard } from './read.js';
export {
  type ParetoBar,
  type ReasonStats,
  type ReasonVolumes,
  reasonVolumes,
  TAXONOMY,
} from './reason-volumes.js';
export { countReasons, type ReasonCount } from './reasons.js';
export {
  IDENTITY_PROTOCOL_PREFIX,
  identityFromProtocols,
  MAX_IDENTITY_TOKEN_LENGTH,
  SYNC_PROTOCOL,
  syncProtocols,
  TOKEN_PROTOCOL_PREFIX,
  tokenFromProtocols,
} from './sync-protocols.js';
export { createBoard } from './templates/create-board.js';
export {
  type BoardTemplate,
  findTemplate,
  listTemplates,
  TEMPLATES,
  type TemplateSummary,
} from './templates/index.js';
export {
  BOARD_FILE_BOUNDS,
  BOARD_FILE_FORMAT,
  BOARD_FILE_VERSION,
  type BoardFile,
  boardFileOf,
  boardFileSchema,
  exportBoardJson,
  importBoardJson,
  parseBoardJson,
} from './transfer.js';
export {
  type Change,
  type TouchedPath,
  type UpdatePaths,
  updateRefusal,
  type Written,
} from './update-check.js';
