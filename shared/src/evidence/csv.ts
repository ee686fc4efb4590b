/**
 * A streaming CSV/TSV reader for evidence files (issue #14). It runs the same in the
 * server (an HTTP request body) and in the browser (File.stream() through
 * TextDecoderStream), so it takes string chunks and uses no Node or DOM API.
 *
 * RFC 4180: fields may be quoted, "" inside quotes is one quote, quoted fields may hold
 * delimiters and line breaks. Lines end in \n or \r\n (a lone \r too); blank lines are
 * skipped; a UTF-8 byte order mark is dropped. The delimiter (tab, semicolon or comma)
 * is sniffed from the first line, outside quotes.
 *
 * Memory stays bounded whatever the file: the reader holds one record and the chunk it
 * is given. A field, a row or a column count past its limit is a problem and reading
 * stops there, so a 10 MB "field" without a line break is refused, not buffered.
 */

export interface CsvProblem {
  /** 1-based line number of the record in the file (the header is row 1); 0 for the file as a whole. */
  row: number;
  message: string;
}

export interface CsvReaderOptions {
  maxFieldChars?: number;
  maxColumns?: number;
  maxRowChars?: number;
}

export type CsvDelimiter = ',' | '\t' | ';';

export interface CsvReader {
  write(chunk: string): void;
  end(): void;
  readonly delimiter: CsvDelimiter | null;
  readonly problems: CsvProblem[];
  /** True once a problem stopped reading: later chunks are ignored. */
  readonly stopped: boolean;
}

export const CSV_LIMITS = { maxFieldChars: 1000, maxColumns: 64, maxRowChars: 10_000 } as const;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = '\uFEFF';

/**
 * The delimiter of a first line: the most frequent of tab, semicolon and comma outside
 * quotes, ties going to tab then semicolon (a European export's "1,5" is a decimal, and
 * a comma inside a tab-separated title is text). A one-column file reads as comma.
 */
export function sniffDelimiter(firstLine: string): CsvDelimiter {
  const counts = { '\t': 0, ';': 0, ',': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\t' || char === ';' || char === ',')) counts[char] += 1;
  }
  if (counts['\t'] > 0 && counts['\t'] >= counts[';'] && counts['\t'] >= counts[',']) return '\t';
  if (counts[';'] > 0 && counts[';'] >= counts[',']) return ';';
  return ',';
}

/** Where the first line ends (outside quotes) in text, or -1 if it has not ended yet. */
function firstLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) quoted = !quoted;
    else if (!quoted && (code === LF || code === CR)) return i;
  }
  return -1;
}

// Parser states: where the next character lands.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: either "" (a quote) or the field's closing quote. */
const QUOTE_IN_QUOTED = 3;

export function createCsvReader(
  onRecord: (fields: string[], row: number) => void,
  options: CsvReaderOptions = {},
): CsvReader {
  const maxFieldChars = options.maxFieldChars ?? CSV_LIMITS.maxFieldChars;
  const maxColumns = options.maxColumns ?? CSV_LIMITS.maxColumns;
  const maxRowChars = options.maxRowChars ?? CSV_LIMITS.maxRowChars;
  const problems: CsvProblem[] = [];

  let delimiter: CsvDelimiter | null = null;
  let delimiterCode = 44;
  let started = false; // the first non-empty chunk came (its BOM is dropped)
  let head = ''; // text held until the first line ends, to sniff the delimiter
  let stopped = false;
  let ended = false;

  let state = FIELD_START;
  let fields: string[] = [];
  let field = '';
  let rowChars = 0; // characters of the record's finished fields
  let line = 1; // the line the next character is on
  let recordRow = 1; // the line the current record started on
  let skipLF = false; // a \r ended the last line: a \n right after it belongs to it
  let quotedRecord = false; // the record had a quoted field, so it is not a blank line

  const stop = (row: number, message: string) => {
    problems.push({ row, message });
    stopped = true;
    fields = [];
    field = '';
  };

  /** Checks the field and row being built, with `pending` characters not yet in `field`. */
  const withinLimits = (pending: number): boolean => {
    const length = field.length + pending;
    if (length > maxFieldChars) {
      stop(recordRow, `a field is longer than ${maxFieldChars} characters (column ${fields.length + 1})`);
      return false;
    }
    if (rowChars + length > maxRowChars) {
      stop(recordRow, `the row is longer than ${maxRowChars} characters`);
      return false;
    }
    return true;
  };

  const endField = (): boolean => {
    if (!withinLimits(0)) return false;
    if (fields.length >= maxColumns) {
      stop(recordRow, `the row has more than ${maxColumns} columns`);
      return false;
    }
    fields.push(field);
    rowChars += field.length + 1;
    field = '';
    return true;
  };

  const endRecord = (): boolean => {
    if (!endField()) return false;
    const record = fields;
    const blank = record.length === 1 && record[0] === '' && !quotedRecord;
    fields = [];
    rowChars = 0;
    quotedRecord = false;
    state = FIELD_START;
    if (!blank) onRecord(record, recordRow);
    return !stopped;
  };

  const parse = (text: string) => {
    let runStart = 0; // start of the literal characters not yet copied into `field`
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (skipLF) {
        skipLF = false;
        if (code === LF) {
          runStart = i + 1;
          continue;
        }
      }
      switch (state) {
        case FIELD_START:
        case UNQUOTED:
          if (code === delimiterCode || code === LF || code === CR) {
            if (state === UNQUOTED) {
              if (!withinLimits(i - runStart)) return;
              field += text.slice(runStart, i);
            }
            if (code === delimiterCode) {
              if (!endField()) return;
              state = FIELD_START;
            } else {
              if (!endRecord()) return;
              line += 1;
              recordRow = line;
              skipLF = code === CR;
            }
            runStart = i + 1;
          } else if (state === FIELD_START && code === QUOTE) {
            state = QUOTED;
            quotedRecord = true;
            runStart = i + 1;
          } else if (state === FIELD_START) {
            state = UNQUOTED;
            runStart = i;
          }
          break;
        case QUOTED:
          if (code === QUOTE) {
            if (!withinLimits(i - runStart)) return;
            field += text.slice(runStart, i);
            state = QUOTE_IN_QUOTED;
            runStart = i + 1;
          } else if (code === LF) {
            line += 1;
          }
          break;
        case QUOTE_IN_QUOTED:
          if (code === QUOTE) {
            // "" is one quote: the second one starts the next literal run.
            state = QUOTED;
            runStart = i;
          } else if (code === delimiterCode || code === LF || code === CR) {
            state = FIELD_START;
            i -= 1; // end the field (or record) as an unquoted one would
          } else {
            // Text after a closing quote ("a"b) is kept as text, as spreadsheets do.
            state = UNQUOTED;
            runStart = i;
          }
          break;
      }
    }
    if (state === UNQUOTED || state === QUOTED) {
      if (!withinLimits(text.length - runStart)) return;
      field += text.slice(runStart);
    }
  };

  return {
    write(chunk: string) {
      if (stopped || ended || chunk === '') return;
      let text = chunk;
      if (!started) {
        started = true;
        if (text.startsWith(BOM)) text = text.slice(1);
      }
      if (delimiter === null) {
        head += text;
        const end = firstLineEnd(head);
        if (end < 0) {
          // A first line this long is refused the same way a later one is.
          if (head.length > maxRowChars) {
            delimiter = sniffDelimiter(head);
            delimiterCode = delimiter.charCodeAt(0);
            text = head;
            head = '';
            parse(text);
          }
          return;
        }
        delimiter = sniffDelimiter(head.slice(0, end));
        delimiterCode = delimiter.charCodeAt(0);
        text = head;
        head = '';
      }
      parse(text);
    },
    end() {
      if (stopped || ended) return;
      ended = true;
      if (delimiter === null) {
        delimiter = sniffDelimiter(head);
        delimiterCode = delimiter.charCodeAt(0);
        const text = head;
        head = '';
        parse(text);
        if (stopped) return;
      }
      if (state === QUOTED) {
        stop(recordRow, 'a quoted field is not closed: a " is missing before the end of the file');
        return;
      }
      // An unquoted or closed field on the last line, without a line break after it.
      if (state !== FIELD_START || fields.length > 0) {
        state = FIELD_START;
        endRecord();
      }
    },
    get delimiter() {
      return delimiter;
    },
    get problems() {
      return problems;
    },
    get stopped() {
      return stopped;
    },
  };
}
