/** Column guesses on headers as help desks and survey tools export them, and what a mapping still lacks. */
import { guessContactMapping, guessSurveyMapping, mappingProblems } from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';

describe('guessContactMapping', () => {
  it('reads a Zendesk-like export of one row per ticket', () => {
    const header = ['Ticket ID', 'Created at', 'Contact reason', 'Sub-reason', 'Channel', 'Subject'];
    const sample = [
      ['1001', '2026-03-01 09:12:44', 'Delivery', 'Late', 'email', 'Where is my parcel'],
      ['1002', '2026-03-01 10:01:03', 'Payment', 'Declined', 'chat', 'Card failed'],
      ['1003', '2026-03-02 11:30:00', 'Delivery', 'Damaged', 'phone', 'Broken mug'],
    ];
    expect(guessContactMapping(header, sample)).toEqual({
      period: 1,
      primary: 2,
      secondary: 3,
      channel: 4,
      count: null, // the rising Ticket ID is an identifier, not a count
    });
  });

  it('reads a Salesforce-like report of counts', () => {
    const header = ['Case Origin', 'Category', 'Subcategory', 'Month', 'Record Count'];
    const sample = [
      ['Phone', 'Returns', 'Refund late', 'Jan 2026', '1,240'],
      ['Web', 'Returns', 'Label', 'Jan 2026', '312'],
    ];
    expect(guessContactMapping(header, sample)).toEqual({
      period: 3,
      primary: 1,
      secondary: 2,
      channel: 0,
      count: 4,
    });
  });

  it('falls back on the values when the header says nothing', () => {
    const header = ['A', 'B', 'C'];
    const sample = [
      ['14/03/2026', 'Delivery', '12'],
      ['15/03/2026', 'Payment', '3'],
      ['15/03/2026', 'Returns', '7'],
    ];
    expect(guessContactMapping(header, sample)).toEqual({
      period: 0,
      primary: 1,
      secondary: null,
      channel: null,
      count: 2,
    });
  });
});

describe('guessSurveyMapping', () => {
  it('reads raw answers under a question header', () => {
    const header = ['Response ID', 'Submitted at', 'Journey stage', 'How likely are you to recommend us?'];
    const sample = [
      ['r1', '2026-03-01T10:00:00Z', 'Order', '9'],
      ['r2', '2026-03-01T11:00:00Z', 'Pay', '4'],
    ];
    expect(guessSurveyMapping(header, sample)).toEqual({
      stage: 2,
      metric: null,
      score: null,
      response: 3,
      date: 1,
    });
  });

  it('reads computed scores per stage and metric', () => {
    const header = ['Stage', 'Metric', 'Score', 'Month'];
    const sample = [
      ['Delivery', 'CSAT', '82.5', '2026-01'],
      ['Delivery', 'NPS', '-12', '2026-01'],
    ];
    expect(guessSurveyMapping(header, sample)).toEqual({
      stage: 0,
      metric: 1,
      score: 2,
      response: null,
      date: 3,
    });
  });

  it('takes a column headed NPS holding 0-10 integers as the raw answers', () => {
    expect(
      guessSurveyMapping(
        ['Step', 'NPS'],
        [
          ['Pay', '7'],
          ['Order', '10'],
        ],
      ),
    ).toMatchObject({
      stage: 0,
      score: null,
      response: 1,
    });
  });
});

describe('mappingProblems', () => {
  it('says what is missing or wrong, in words', () => {
    expect(
      mappingProblems(
        'contacts',
        { period: null, primary: null, secondary: null, channel: null, count: null },
        3,
      ),
    ).toEqual(['choose the column holding the primary reason']);
    expect(
      mappingProblems('contacts', { period: 0, primary: 1, secondary: 1, channel: 5, count: null }, 3),
    ).toEqual([
      'column 2 is chosen for both the primary reason and the secondary reason',
      'the column for the channel is not in the file (it has 3 columns)',
    ]);
    expect(
      mappingProblems('survey', { stage: 0, metric: null, score: null, response: null, date: null }, 2),
    ).toEqual(['choose the column holding the score or the one holding each response']);
    expect(
      mappingProblems('survey', { stage: 0, metric: null, score: 1, response: 2, date: null }, 3),
    ).toEqual(['choose either a score column or a response column, not both']);
    expect(
      mappingProblems('survey', { stage: 0, metric: null, score: 1, response: null, date: 2 }, 3),
    ).toEqual([]);
  });
});
