/**
 * How cell values of evidence files are read: titles compared the way people mean them
 * ("Delivery  late" is "delivery late"), counts with thousands separators, scores with a
 * decimal comma or a percent sign.
 */

/** Trimmed, inner whitespace collapsed to one space: a title as shown. */
export function tidyTitle(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** The identity of a title: case and spacing do not make a different reason or stage. */
export function titleKey(value: string): string {
  return tidyTitle(value).toLowerCase();
}

// '1240', '1,240', '1 240' (also with a no-break or narrow no-break space), '1240.0' (a spreadsheet's number).
const PLAIN_COUNT = /^\d+(?:\.0+)?$/;
const GROUPED_COUNT = /^\d{1,3}(?:([, \u00A0\u202F])\d{3})(?:\1\d{3})*$/;

/** A non-negative integer count as exports write it, or null. */
export function parseCount(value: string): number | null {
  const text = value.trim();
  if (PLAIN_COUNT.test(text)) return Number.parseInt(text, 10);
  if (GROUPED_COUNT.test(text)) return Number.parseInt(text.replace(/\D/g, ''), 10);
  return null;
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$/;
// One comma followed by one, two or four+ digits is a decimal comma ('4,5'); three digits would be thousands.
const DECIMAL_COMMA = /^[-+]?\d+,(?:\d{1,2}|\d{4,})$/;

/** A number as a score is written ('42', '-12.5', '4,5', '85%'), or null. */
export function parseNumber(value: string): number | null {
  let text = value.trim();
  if (text.endsWith('%')) text = text.slice(0, -1).trim();
  if (DECIMAL_COMMA.test(text)) text = text.replace(',', '.');
  else if (!NUMBER.test(text)) {
    const count = parseCount(text);
    return count;
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Rounded to a number of decimals, for figures shown as they are computed. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
