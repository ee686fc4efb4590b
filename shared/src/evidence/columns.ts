/**
 * Which column of an evidence file holds what (issue #14). Exports from help desks
 * (Zendesk, Salesforce, Freshdesk) and survey tools name their columns many ways; the
 * guess reads the header first and the sample values second, and the person importing
 * confirms or corrects it. mappingProblems says what is still missing, in words.
 */
import { parsePeriod } from './periods.js';
import { parseCount, parseNumber } from './values.js';

export const CONTACT_FIELDS = ['period', 'primary', 'secondary', 'channel', 'count'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
/** Column index per field, null when the file has none (primary is required). */
export type ContactMapping = Record<ContactField, number | null>;

export const SURVEY_FIELDS = ['stage', 'metric', 'score', 'response', 'date'] as const;
export type SurveyField = (typeof SURVEY_FIELDS)[number];
/** Column index per field; stage and one of score or response are required. */
export type SurveyMapping = Record<SurveyField, number | null>;

/** A header as compared: lower case, words separated by single spaces ('Sub-reason' -> 'sub reason'). */
function words(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
}

// Header names per field, tried in the order of the lists below so that 'Sub-reason'
// is the secondary reason before 'reason' could claim it as the primary one.
const CONTACT_HEADERS: [ContactField, RegExp][] = [
  [
    'secondary',
    /\b(secondary|sub ?reasons?|sub ?categor(y|ies)|sub ?topics?|sub ?types?|reason 2|level 2|tier 2|detail)\b/,
  ],
  [
    'primary',
    /\b(primary|contact reasons?|reasons?|categor(y|ies)|topics?|level 1|tier 1|drivers?|issue type|disposition)\b/,
  ],
  ['period', /\b(period|date|month|week|quarter|year|day|created|opened|received|timestamp)\b/],
  ['channel', /\b(channel|medium|source|via|origin)\b/],
  [
    'count',
    /^(count|volumes?|contacts|n|#|total|tickets|calls|cases|(contact|ticket|case|call) count)$|^(count|number|no|#) of\b/,
  ],
];

const SURVEY_HEADERS: [SurveyField, RegExp][] = [
  ['stage', /\b(stage|journey stage|step|phase|touchpoint|touch point)\b/],
  ['metric', /\b(metric|measure|kpi|survey|survey type|question)\b/],
  ['response', /\b(response|answer|rating|likelihood|recommend)\b/],
  ['score', /\b(score|value|result|average|mean|nps|csat|ces)\b/],
  ['date', /\b(period|date|month|week|quarter|year|day|created|submitted|completed|timestamp)\b/],
];

// A header naming an identifier ('Response ID', 'Ticket ref') holds none of the fields,
// whatever other word it has; a column of numbers under IDENTIFIER is never a count.
const ID_HEADER = /\b(id|uuid|ref|reference)\b/;
const IDENTIFIER = /\b(id|ref|reference|key|no|code|phone|zip|postcode|ticket number|case number)\b/;

function columnValues(sample: string[][], column: number): string[] {
  return sample.map((row) => (row[column] ?? '').trim()).filter((value) => value !== '');
}

/** Most (four in five) of a column's sample values pass a test, and there is at least one. */
function mostly(values: string[], test: (value: string) => boolean): boolean {
  return values.length > 0 && values.filter(test).length >= values.length * 0.8;
}

const isPeriod = (value: string) => parsePeriod(value) !== null;
const isCount = (value: string) => parseCount(value) !== null;
const isNumber = (value: string) => parseNumber(value) !== null;
const isText = (value: string) => !isPeriod(value) && !isNumber(value);

function byHeader<F extends string>(
  header: string[],
  patterns: [F, RegExp][],
  mapping: Record<F, number | null>,
) {
  const taken = new Set<number>();
  for (const [field, pattern] of patterns) {
    const column = header.findIndex(
      (name, index) => !taken.has(index) && !ID_HEADER.test(words(name)) && pattern.test(words(name)),
    );
    if (column >= 0) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  // Nor does the guess by values pick an identifier: ticket ids are neither reasons nor counts.
  header.forEach((name, index) => {
    if (ID_HEADER.test(words(name))) taken.add(index);
  });
  return taken;
}

function firstFree(columns: number, taken: Set<number>, test: (column: number) => boolean): number | null {
  for (let column = 0; column < columns; column += 1) {
    if (!taken.has(column) && test(column)) {
      taken.add(column);
      return column;
    }
  }
  return null;
}

/** The column guess for a contact-reason file, from its header and a few of its rows. */
export function guessContactMapping(header: string[], sample: string[][]): ContactMapping {
  const mapping: ContactMapping = {
    period: null,
    primary: null,
    secondary: null,
    channel: null,
    count: null,
  };
  const taken = byHeader(header, CONTACT_HEADERS, mapping);
  const values = (column: number) => columnValues(sample, column);
  mapping.period ??= firstFree(header.length, taken, (column) => mostly(values(column), isPeriod));
  // Counts are small repeated integers; a strictly rising column of numbers is a row or ticket number.
  mapping.count ??= firstFree(header.length, taken, (column) => {
    const cells = values(column);
    if (IDENTIFIER.test(words(header[column] ?? '')) || !cells.every(isCount) || cells.length === 0)
      return false;
    const numbers = cells.map((cell) => parseCount(cell) as number);
    return !(numbers.length > 2 && numbers.every((n, i) => i === 0 || n > (numbers[i - 1] as number)));
  });
  mapping.primary ??= firstFree(header.length, taken, (column) => mostly(values(column), isText));
  return mapping;
}

/** The column guess for a survey file, from its header and a few of its rows. */
export function guessSurveyMapping(header: string[], sample: string[][]): SurveyMapping {
  const mapping: SurveyMapping = { stage: null, metric: null, score: null, response: null, date: null };
  const taken = byHeader(header, SURVEY_HEADERS, mapping);
  const values = (column: number) => columnValues(sample, column);
  // One value column is enough: raw answers (integers 0-10) win over a computed score.
  if (mapping.score !== null && mapping.response !== null) {
    const raw = values(mapping.response).every((value) => /^\d{1,2}$/.test(value));
    if (raw) mapping.score = null;
    else mapping.response = null;
  } else if (mapping.score !== null && mapping.metric === null) {
    // A column headed 'NPS' holding 0-10 integers is the raw answers, not a score.
    const cells = values(mapping.score);
    if (cells.length > 0 && cells.every((value) => /^\d{1,2}$/.test(value) && Number(value) <= 10)) {
      mapping.response = mapping.score;
      mapping.score = null;
    }
  }
  mapping.date ??= firstFree(header.length, taken, (column) => mostly(values(column), isPeriod));
  if (mapping.score === null && mapping.response === null) {
    mapping.response = firstFree(header.length, taken, (column) => mostly(values(column), isNumber));
  }
  mapping.stage ??= firstFree(header.length, taken, (column) => mostly(values(column), isText));
  return mapping;
}

const CONTACT_NAMES: Record<ContactField, string> = {
  period: 'the period (date)',
  primary: 'the primary reason',
  secondary: 'the secondary reason',
  channel: 'the channel',
  count: 'the count',
};

const SURVEY_NAMES: Record<SurveyField, string> = {
  stage: 'the journey stage',
  metric: 'the metric',
  score: 'the score',
  response: 'the response',
  date: 'the date',
};

/** What is wrong with a mapping, in words for the person choosing columns; [] when it can be imported. */
export function mappingProblems(
  kind: 'contacts' | 'survey',
  mapping: ContactMapping | SurveyMapping,
  columns: number,
): string[] {
  const names: Record<string, string> = kind === 'contacts' ? CONTACT_NAMES : SURVEY_NAMES;
  const fields = kind === 'contacts' ? CONTACT_FIELDS : SURVEY_FIELDS;
  const chosen = mapping as Record<string, number | null | undefined>;
  const problems: string[] = [];
  const required = kind === 'contacts' ? ['primary'] : ['stage'];
  for (const field of required) {
    if (chosen[field] == null) problems.push(`choose the column holding ${names[field]}`);
  }
  if (kind === 'survey') {
    if (chosen.score == null && chosen.response == null) {
      problems.push('choose the column holding the score or the one holding each response');
    } else if (chosen.score != null && chosen.response != null) {
      problems.push('choose either a score column or a response column, not both');
    }
  }
  const owner = new Map<number, string>();
  for (const field of fields) {
    const column = chosen[field];
    if (column == null) continue;
    if (!Number.isInteger(column) || column < 0 || column >= columns) {
      problems.push(`the column for ${names[field]} is not in the file (it has ${columns} columns)`);
      continue;
    }
    const other = owner.get(column);
    if (other) problems.push(`column ${column + 1} is chosen for both ${other} and ${names[field]}`);
    else owner.set(column, names[field] as string);
  }
  return problems;
}
