/**
 * The deck being made: the board, the slides so far, the texts cut short on them,
 * and what every slide shares (the title bar, and the footer once the slide count is
 * known). Each slide kind in slides/ adds its slides through this.
 */
import type { BoardSnapshot, Journey, JourneyState, Lane, Stage } from '../model.js';
import { run, SlideCanvas, strong } from './canvas.js';
import { CONTENT_RIGHT, CONTENT_WIDTH, FOOTER, PAGE, STROKE, TITLE_BAR, TYPE } from './frame.js';
import { type Deck, type DeckOptions, SLIDE, type Slide, type SlideKind } from './model.js';
import { COLOUR } from './palette.js';
import { ellipsize, FullTexts, textWidth } from './text.js';

export class DeckBuilder {
  readonly slides: SlideCanvas[] = [];
  private readonly mapCards = new Map<SlideCanvas, { stateId: string; cardIds: string[] }>();
  readonly fullTexts = new FullTexts();
  readonly stageById: Map<string, Stage>;
  readonly laneById: Map<string, Lane>;
  readonly stateById: Map<string, JourneyState>;
  private readonly journeyById: Map<string, Journey>;

  constructor(
    readonly board: BoardSnapshot,
    readonly options: DeckOptions,
  ) {
    this.stageById = new Map(board.stages.map((s) => [s.id, s]));
    this.laneById = new Map(board.lanes.map((l) => [l.id, l]));
    this.stateById = new Map(board.states.map((s) => [s.id, s]));
    this.journeyById = new Map(board.journeys.map((j) => [j.id, j]));
  }

  /** The state the slides being added belong to (see `within`), for their keys. */
  private scope = '';
  private readonly scopes = new Map<SlideCanvas, string>();

  /** Adds slides that belong to a state: their keys name it (see Slide.key). */
  within(stateId: string, add: () => void): void {
    this.scope = stateId;
    try {
      add();
    } finally {
      this.scope = '';
    }
  }

  /** A slide without the title bar: the title slide. */
  bareSlide(kind: SlideKind, title: string): SlideCanvas {
    const slide = new SlideCanvas(kind, title);
    this.slides.push(slide);
    this.scopes.set(slide, this.scope);
    return slide;
  }

  /** A new slide with its title bar: a small section label over the title, and an optional note on the right. */
  slide(kind: SlideKind, section: string, title: string, note = ''): SlideCanvas {
    const slide = this.bareSlide(kind, title);
    slide.section = section;
    slide.note = note;
    const bar = TITLE_BAR;
    const noteWidth = note ? textWidth(note, TYPE.body) + bar.note.padding : 0;
    const width = CONTENT_WIDTH - bar.indent - noteWidth - (note ? bar.note.gap : 0);
    slide.fill('title-accent', bar.accent, COLOUR.accent);
    const sectionText = this.fullTexts.fitLine(
      section.toUpperCase(),
      width,
      TYPE.section,
      true,
      'Slide section',
    );
    slide.text('section', bar.textX, bar.section.y, width, bar.section.h, [
      strong(sectionText, TYPE.section, COLOUR.accent),
    ]);
    // A long title steps down a size before it is shortened.
    const titleSize =
      textWidth(title, TYPE.slideTitle, true) <= width ? TYPE.slideTitle : TYPE.slideTitleLong;
    const titleText = this.fullTexts.fitLine(title, width, titleSize, true, 'Slide title');
    slide.text('title', bar.textX, bar.title.y, width, bar.title.h, [strong(titleText, titleSize)], {
      valign: 'middle',
    });
    if (note) {
      slide.text(
        'title-note',
        CONTENT_RIGHT - noteWidth,
        bar.note.y,
        noteWidth,
        bar.note.h,
        [run(note, TYPE.body, COLOUR.muted)],
        { align: 'right', valign: 'bottom' },
      );
    }
    slide.line('title-rule', PAGE.marginX, bar.ruleY, CONTENT_RIGHT, bar.ruleY, COLOUR.line, STROKE.rule);
    return slide;
  }

  /** Marks a journey-overview or journey-map slide with its state and the cards drawn on it. */
  recordMapCards(slide: SlideCanvas, stateId: string, cardIds: string[]): void {
    this.mapCards.set(slide, { stateId, cardIds });
  }

  stateLabel(state: JourneyState): string {
    return state.title || (state.kind === 'current' ? 'Current state' : 'Future state');
  }

  journeyTitle(state: JourneyState): string {
    return this.journeyById.get(state.journeyId)?.title ?? 'Journey';
  }

  /** The states in journey order, each journey's current state before its futures. */
  orderedStates(): JourneyState[] {
    const journeyOrder = new Map(this.board.journeys.map((j, i) => [j.id, i]));
    return this.board.states
      .filter((s) => journeyOrder.has(s.journeyId))
      .sort(
        (a, b) =>
          (journeyOrder.get(a.journeyId) ?? 0) - (journeyOrder.get(b.journeyId) ?? 0) ||
          (a.kind === b.kind ? 0 : a.kind === 'current' ? -1 : 1) ||
          a.order.localeCompare(b.order),
      );
  }

  /** The stages and lanes of a state, in board order. */
  gridOf(state: JourneyState): { stages: Stage[]; lanes: Lane[] } {
    return {
      stages: this.board.stages.filter((s) => s.stateId === state.id),
      lanes: this.board.lanes.filter((l) => l.stateId === state.id),
    };
  }

  /**
   * The deck, now that the slides are known: each slide keyed (kind, state, page), the
   * ones the board hides left out, the presenter's notes on the others, and the footer
   * on every slide (the title slide has only its number).
   */
  finish(): Deck {
    const settings = new Map(this.board.slides.map((s) => [s.id, s]));
    const pages = new Map<string, number>();
    const keyed = this.slides.map((canvas) => {
      const group = `${canvas.kind}:${this.scopes.get(canvas) ?? ''}`;
      const page = (pages.get(group) ?? 0) + 1;
      pages.set(group, page);
      return { canvas, key: `${group}:${page}` };
    });
    const shown = keyed.filter(({ key }) => settings.get(key)?.hidden !== true);
    const total = shown.length;
    const footerTitle = ellipsize(this.board.meta.title, FOOTER.titleMax);
    const slides = shown.map(({ canvas, key }, i): Slide => {
      const titleSlide = canvas.kind === 'title';
      if (!titleSlide) {
        canvas.line(
          'footer-rule',
          PAGE.marginX,
          FOOTER.ruleY,
          CONTENT_RIGHT,
          FOOTER.ruleY,
          COLOUR.line,
          STROKE.hairline,
        );
        canvas.text(
          'footer-title',
          PAGE.marginX,
          PAGE.footerY,
          CONTENT_WIDTH - FOOTER.titleInset,
          FOOTER.h,
          [run(footerTitle, TYPE.small, COLOUR.muted)],
          { valign: 'middle' },
        );
      }
      canvas.text(
        'footer-number',
        CONTENT_RIGHT - FOOTER.numberWidth,
        PAGE.footerY,
        FOOTER.numberWidth,
        FOOTER.h,
        [run(`${i + 1} / ${total}`, TYPE.small, titleSlide ? COLOUR.faint : COLOUR.muted)],
        { align: 'right', valign: 'middle' },
      );
      const map = this.mapCards.get(canvas);
      const notes = settings.get(key)?.notes.trim();
      return {
        key,
        kind: canvas.kind,
        title: canvas.title,
        section: canvas.section,
        note: canvas.note,
        shapes: canvas.shapes,
        ...(notes ? { notes } : {}),
        ...(map ?? {}),
      };
    });
    return {
      title: this.board.meta.title,
      width: SLIDE.width,
      height: SLIDE.height,
      background: COLOUR.surface,
      slides,
    };
  }
}
