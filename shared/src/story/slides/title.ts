/** The title slide: a dark band with the brand and date, beside the board's title, objective and journeys. */
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { TYPE } from '../frame.js';
import { SLIDE } from '../model.js';
import { COLOUR, TITLE_BAND } from '../palette.js';
import { counted, textHeight } from '../text.js';

const BAND = { w: 4.3, textX: 0.6, textW: 3.3, brandY: 0.6, dateY: 6.4, textH: 0.4 } as const;
const BODY = {
  x: 4.9,
  right: 0.7,
  top: 1.3,
  titleSize: 32,
  titleMax: 120,
  objectiveMax: 300,
  journeyTitleMax: 90,
  labelH: 0.3,
  /** Below a label, and below each block. */
  labelGap: 0.32,
  journeysLabelGap: 0.34,
  titleGap: 0.25,
  objectiveGap: 0.3,
  /** Extra height under a wrapped text, so its last line is not clipped. */
  titleSlack: 0.1,
  objectiveSlack: 0.08,
  journeyH: 0.46,
  journeyStep: 0.5,
  /** Journeys stop above the date line. */
  bottom: 6.9,
} as const;

export function addTitleSlide(deck: DeckBuilder): void {
  const { meta, journeys, states } = deck.board;
  const { fullTexts } = deck;
  const slide = deck.bareSlide('title', meta.title);
  slide.box('title-band', 0, 0, BAND.w, SLIDE.height, [], { fill: TITLE_BAND.fill });
  slide.text('title-brand', BAND.textX, BAND.brandY, BAND.textW, BAND.textH, [
    strong('JOURNEYBOARD', TYPE.section, TITLE_BAND.brand),
  ]);
  const date = (deck.options.date ?? new Date()).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  slide.text('title-date', BAND.textX, BAND.dateY, BAND.textW, BAND.textH, [
    run(date, TYPE.body, TITLE_BAND.date),
  ]);

  const x = BODY.x;
  const width = SLIDE.width - x - BODY.right;
  const title = fullTexts.fit(meta.title, BODY.titleMax, 'Board title');
  const titleHeight = textHeight(title, width, BODY.titleSize, true) + BODY.titleSlack;
  let y = BODY.top;
  slide.text('title-board', x, y, width, titleHeight, [strong(title, BODY.titleSize)]);
  y += titleHeight + BODY.titleGap;
  if (meta.objective.trim()) {
    slide.label('title-objective-label', x, y, width, BODY.labelH, 'Objective');
    y += BODY.labelGap;
    const objective = fullTexts.fit(meta.objective, BODY.objectiveMax, 'Objective');
    const height = textHeight(objective, width, TYPE.lead) + BODY.objectiveSlack;
    slide.text('title-objective', x, y, width, height, [run(objective, TYPE.lead)]);
    y += height + BODY.objectiveGap;
  }
  if (journeys.length === 0) return;
  slide.label(
    'title-journeys-label',
    x,
    y,
    width,
    BODY.labelH,
    journeys.length === 1 ? 'Journey' : 'Journeys',
  );
  y += BODY.journeysLabelGap;
  const room = Math.max(1, Math.floor((BODY.bottom - y) / BODY.journeyStep));
  const shown = journeys.slice(0, journeys.length > room ? room - 1 : room);
  for (const journey of shown) {
    const futures = states.filter((s) => s.journeyId === journey.id && s.kind === 'future').length;
    slide.text('title-journey', x, y, width, BODY.journeyH, [
      strong(fullTexts.fit(journey.title, BODY.journeyTitleMax, 'Journey title'), TYPE.heading),
      run(
        `Current state${futures > 0 ? ` and ${counted(futures, 'future state')}` : ''}`,
        TYPE.body,
        COLOUR.muted,
        {
          paragraph: true,
        },
      ),
    ]);
    y += BODY.journeyStep;
  }
  if (shown.length < journeys.length) {
    // Every journey's title is on its own map slides; the title slide only has room to name the first few.
    slide.text('title-journeys-more', x, y, width, BODY.labelH, [
      run(`and ${journeys.length - shown.length} more journeys, each mapped below`, TYPE.body, COLOUR.muted),
    ]);
  }
}
