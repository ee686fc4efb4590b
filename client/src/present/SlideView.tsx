/**
 * One slide of the story (shared/src/story/) drawn as SVG, the same boxes, texts and
 * lines the PPTX and the PDF draw, in points on the deck's page: the SVG scales to the
 * screen, and the deck's type floor (MIN_FONT_SIZE) is what sets the smallest text.
 */
import { arrowHead } from '@journeyboard/shared';
import { type BoxShape, boxLines, type LineShape, type Slide } from '@journeyboard/shared/story';
import { memo, useLayoutEffect, useRef } from 'react';

const POINTS_PER_INCH = 72;
const pt = (inches: number) => inches * POINTS_PER_INCH;
/**
 * The deck's texts were measured with Helvetica metrics, which Arial and Liberation Sans
 * share; DejaVu Sans Condensed (what the PDF sets) comes close where neither is installed.
 */
const FONT_FAMILY = 'Arial, Helvetica, "Liberation Sans", "DejaVu Sans Condensed", sans-serif';
/** Corner of a rounded box, inches, as the PDF draws it. */
const CORNER = 0.08;

/** Dash patterns as the PDF draws them, in multiples of the stroke width. */
function dashArray(dash: LineShape['dash'] | undefined, width: number): string | undefined {
  if (dash === 'dash') return `${width * 4} ${width * 3}`;
  if (dash === 'dot') return `${width} ${width * 2}`;
  return undefined;
}

function Line({ line }: { line: LineShape }) {
  const ends = [
    { x: pt(line.x1), y: pt(line.y1) },
    { x: pt(line.x2), y: pt(line.y2) },
  ];
  return (
    <g>
      <line
        x1={ends[0]?.x}
        y1={ends[0]?.y}
        x2={ends[1]?.x}
        y2={ends[1]?.y}
        stroke={`#${line.color}`}
        strokeWidth={line.width}
        strokeDasharray={dashArray(line.dash, line.width)}
      />
      {line.arrow && (
        <polygon
          points={arrowHead(ends, line.width)
            .map((p) => `${p.x},${p.y}`)
            .join(' ')}
          fill={`#${line.color}`}
        />
      )}
    </g>
  );
}

function Box({ box }: { box: BoxShape }) {
  const [x, y, w, h] = [pt(box.x), pt(box.y), pt(box.w), pt(box.h)];
  const paint = {
    fill: box.fill ? `#${box.fill}` : 'none',
    stroke: box.outline ? `#${box.outline.color}` : undefined,
    strokeWidth: box.outline?.width,
    strokeDasharray: box.outline ? dashArray(box.outline.dash, box.outline.width) : undefined,
  };
  const drawn = box.fill || box.outline;
  return (
    <g>
      {drawn && box.geometry === 'ellipse' && (
        <ellipse cx={x + w / 2} cy={y + h / 2} rx={w / 2} ry={h / 2} {...paint} />
      )}
      {drawn && box.geometry !== 'ellipse' && (
        <rect
          x={x}
          y={y}
          width={w}
          height={h}
          rx={box.geometry === 'roundRect' ? Math.min(pt(CORNER), w / 4, h / 4) : undefined}
          {...paint}
        />
      )}
      {box.runs.length > 0 &&
        boxLines(box).map((line, i) => (
          // Lines of one box never reorder: the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <text key={i} y={pt(line.baseline)} fontFamily={FONT_FAMILY} xmlSpace="preserve">
            {line.runs.map((run, j) => (
              <tspan
                // biome-ignore lint/suspicious/noArrayIndexKey: runs of a line never reorder
                key={j}
                x={pt(run.x)}
                data-fit={pt(run.width)}
                fontSize={run.size}
                fill={`#${run.color}`}
                fontWeight={run.bold ? 700 : 400}
                fontStyle={run.italic ? 'italic' : undefined}
              >
                {run.text}
              </tspan>
            ))}
          </text>
        ))}
    </g>
  );
}

/** The slide, `width` × `height` inches (the deck's page), filling the box it is put in. */
export const SlideView = memo(function SlideView({
  slide,
  width,
  height,
  background,
}: {
  slide: Slide;
  width: number;
  height: number;
  background: string;
}) {
  const svg = useRef<SVGSVGElement>(null);
  // A font wider than the deck measured with (another fallback on this machine) would
  // spill a text out of its card: each such run is squeezed to the width measured for it.
  // Squeezes from an earlier text of a reused element go first; all are measured, then set (one layout).
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured again whenever another slide (or a changed one) is drawn
  useLayoutEffect(() => {
    const runs = [...(svg.current?.querySelectorAll<SVGTSpanElement>('tspan[data-fit]') ?? [])];
    for (const run of runs) run.removeAttribute('textLength');
    const wide = runs.filter((run) => run.getComputedTextLength() > Number(run.dataset.fit));
    for (const run of wide) {
      run.setAttribute('textLength', run.dataset.fit ?? '');
      run.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
  }, [slide]);
  return (
    <svg
      ref={svg}
      className="present__slide"
      viewBox={`0 0 ${pt(width)} ${pt(height)}`}
      // No role="img": its texts are the slide's words, read like any other text.
      aria-label={slide.title}
    >
      {/* The page's own fill: a screen of another shape shows the dark stage around it. */}
      <rect width={pt(width)} height={pt(height)} fill={`#${background}`} />
      {slide.shapes.map((shape) =>
        shape.type === 'line' ? <Line key={shape.name} line={shape} /> : <Box key={shape.name} box={shape} />,
      )}
    </svg>
  );
});
