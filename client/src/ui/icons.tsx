/**
 * The toolbar's icons: 16-pixel line drawings in the text colour, so a pressed or
 * disabled button tints its icon with its label. Decorative: the button's own text
 * (shown, or visually hidden on narrow screens) is its name.
 */
const PATHS = {
  plus: 'M8 3v10M3 8h10',
  stage: 'M2.5 3h3.5v10H2.5zM10 3h3.5v10H10zM6 8h4',
  lane: 'M2 3.5h12v3.5H2zM2 9h12v3.5H2z',
  undo: 'M6 3.5 2.5 7 6 10.5M3 7h6.5a4 4 0 0 1 0 8H8',
  redo: 'M10 3.5 13.5 7 10 10.5M13 7H6.5a4 4 0 0 0 0 8H8',
  trash: 'M2.5 4.5h11M6 4.5V3h4v1.5M4 4.5l.7 9h6.6l.7-9M6.7 7v4.5M9.3 7v4.5',
  vote: 'M3 8.5 6.5 12 13 4',
  comment: 'M2.5 3.5h11v7.5H7L4 13.5V11H2.5z',
  timer: 'M8 15a5.5 5.5 0 1 0 0-11 5.5 5.5 0 0 0 0 11zM8 6.5v3l2 1.5M6 1.5h4',
  lock: 'M4.5 7.5h7v6h-7zM6 7.5V5.5a2 2 0 0 1 4 0v2',
  friction: 'M8 1.5 2 13.5h12zM8 6v3.5M8 11.3v.2',
  opportunity: 'M6 12.5h4M6.5 14.5h3M8 1.5a4.5 4.5 0 0 0-2.5 8.2V11h5V9.7A4.5 4.5 0 0 0 8 1.5z',
  heat: 'M2.5 2.5h3v3h-3zM6.5 2.5h3v3h-3zM10.5 2.5h3v3h-3zM2.5 6.5h3v3h-3zM6.5 6.5h3v3h-3zM2.5 10.5h3v3h-3z',
  compare: 'M2.5 2.5h4.5v11H2.5zM9 2.5h4.5v11H9z',
  share:
    'M11.5 5.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM4.5 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM11.5 14.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM6.3 7l3.4-2M6.3 9l3.4 2',
  download: 'M8 2v8.5M4.5 7 8 10.5 11.5 7M2.5 13.5h11',
  gather:
    'M8 14a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM8 .5V2M8 14v1.5M.5 8H2M14 8h1.5',
  more: 'M3.5 8h.01M8 8h.01M12.5 8h.01',
  present: 'M1.5 2.5h13v8.5h-13zM8 11v2.5M5 14h6M6.5 4.8v3.9L10 6.75z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth={name === 'more' ? 2.6 : 1.5}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
