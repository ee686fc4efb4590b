/**
 * The emotion curve over a feelings lane: per stage, the average emotion of the
 * lane's cards as a point, consecutive points joined by straight segments (pptxgenjs
 * has no curves that stay editable), each point labelled with its value.
 */
import { EMOTION_MAX, EMOTION_MIN, type Stage } from '../../model.js';
import { type SlideCanvas, strong } from '../canvas.js';
import { STROKE, TYPE } from '../frame.js';
import { COLOUR, EMOTION } from '../palette.js';
import { signed } from '../text.js';

/** The height a lane grows by to hold the curve above its cards. */
export const EMOTION_BAND = 0.7;

const CURVE = {
  /** The band sits `inset` inside the lane on every side; the extreme scores sit `margin` inside the band. */
  band: { inset: 0.04, margin: 0.1 },
  point: 0.12,
  /** A point closer than `belowWithin` to the band's top has its label under it. */
  label: { w: 0.6, h: 0.2, above: 0.27, below: 0.07, belowWithin: 0.28 },
} as const;

export function drawEmotionCurve(
  slide: SlideCanvas,
  stages: readonly Stage[],
  emotions: Map<string, number>,
  grid: { left: number; top: number; columnWidth: number },
): void {
  const { inset, margin } = CURVE.band;
  const top = grid.top + inset;
  const height = EMOTION_BAND - 2 * inset;
  const width = stages.length * grid.columnWidth;
  const left = grid.left + inset;
  const right = grid.left + width - inset;
  slide.box('emotion-band', left, top, width - 2 * inset, height, [], { fill: EMOTION.band });
  const yOf = (value: number) =>
    top + margin + ((EMOTION_MAX - value) / (EMOTION_MAX - EMOTION_MIN)) * (height - 2 * margin);
  slide.line('emotion-neutral', left, yOf(0), right, yOf(0), EMOTION.neutral, STROKE.rule, 'dot');
  const points = stages.flatMap((stage, i) => {
    const value = emotions.get(stage.id);
    return value === undefined ? [] : [{ x: grid.left + (i + 0.5) * grid.columnWidth, y: yOf(value), value }];
  });
  points.forEach((point, i) => {
    const previous = points[i - 1];
    if (previous)
      slide.line('emotion-curve', previous.x, previous.y, point.x, point.y, EMOTION.curve, EMOTION.width);
  });
  const r = CURVE.point / 2;
  for (const point of points) {
    const color = EMOTION.point[point.value < 0 ? 'low' : point.value > 0 ? 'high' : 'flat'];
    slide.box('emotion-point', point.x - r, point.y - r, CURVE.point, CURVE.point, [], {
      geometry: 'ellipse',
      fill: color,
      outline: { color: COLOUR.surface, width: STROKE.outline },
    });
    // The value sits over its point (under it near the top of the band), clear of the segments.
    const { label } = CURVE;
    const labelY = point.y - top < CURVE.label.belowWithin ? point.y + label.below : point.y - label.above;
    slide.text(
      'emotion-value',
      point.x - label.w / 2,
      labelY,
      label.w,
      label.h,
      [strong(signed(point.value), TYPE.small, color)],
      { align: 'center', valign: 'middle' },
    );
  }
}
