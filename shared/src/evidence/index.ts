/**
 * @journeyboard/shared/evidence: evidence from real data (issue #14). Contact-reason
 * exports and survey scores, read from CSV/TSV as they stream in (the server's request
 * body, the browser's File.stream()), their columns guessed, and aggregated per reason or
 * stage and period in bounded memory. Pure code, no Node or DOM API. docs/evidence.md
 * describes the formats, the guesses, the definitions and the limits.
 */
export {
  CONTACT_FIELDS,
  type ContactField,
  type ContactMapping,
  guessContactMapping,
  guessSurveyMapping,
  mappingProblems,
  SURVEY_FIELDS,
  type SurveyField,
  type SurveyMapping,
} from './columns.js';
export {
  type AggregateOptions,
  CONTACT_LIMITS,
  type ContactAggregate,
  type ContactVolume,
  createContactAggregator,
  type ImportResult,
  parseContacts,
} from './contacts.js';
export {
  CSV_LIMITS,
  type CsvDelimiter,
  type CsvProblem,
  type CsvReader,
  type CsvReaderOptions,
  createCsvReader,
  sniffDelimiter,
} from './csv.js';
export {
  coarserUnit,
  comparePeriods,
  PERIOD_UNITS,
  type PeriodUnit,
  parsePeriod,
  periodDays,
  periodIn,
  periodLabel,
  periodUnit,
} from './periods.js';
export { describeProblems, formatCount, MAX_PROBLEMS } from './problems.js';
export {
  type ChooseColumns,
  createEvidenceReader,
  type EvidenceReader,
  guessedColumns,
  SAMPLE_ROWS,
} from './read-file.js';
export {
  createSurveyAggregator,
  METRIC_KINDS,
  type MetricKind,
  metricOf,
  npsOf,
  parseSurvey,
  SURVEY_LIMITS,
  type SurveyAggregate,
  type SurveyOptions,
  type SurveyReading,
} from './survey.js';
export { parseCount, parseNumber, tidyTitle, titleKey } from './values.js';
