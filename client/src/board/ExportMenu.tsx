/**
 * The Export menu: every format the server makes (`GET /api/boards/:id/export.<format>`
 * with this person's link token, any role), with progress while the file is made
 * and downloaded, and the server's reason when it refuses.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { ToolButton } from '../ui/ToolButton.js';
import { useDismiss } from '../ui/useDismiss.js';

interface ExportChoice {
  label: string;
  format: 'pptx' | 'pdf' | 'png' | 'svg' | 'json' | 'csv';
  /** Draws only the selected cards. */
  selection?: boolean;
  table?: 'friction' | 'opportunities';
  /** Slow exports say what is happening while the server works. */
  preparing: string;
}

const CHOICES: ExportChoice[] = [
  { label: 'Slides (PowerPoint)', format: 'pptx', preparing: 'Building the slides…' },
  { label: 'Slides as PDF', format: 'pdf', preparing: 'Building the PDF…' },
  { label: 'Picture of this state (PNG)', format: 'png', preparing: 'Drawing the picture…' },
  {
    label: 'Picture of the selection (PNG)',
    format: 'png',
    selection: true,
    preparing: 'Drawing the selection…',
  },
  { label: 'Vector picture of this state (SVG)', format: 'svg', preparing: 'Drawing the picture…' },
  { label: 'Vector picture of the selection (SVG)', format: 'svg', selection: true, preparing: 'Drawing…' },
  { label: 'Board file (JSON)', format: 'json', preparing: 'Writing the board file…' },
  { label: 'Friction points with scores (CSV)', format: 'csv', table: 'friction', preparing: 'Writing…' },
  { label: 'Opportunities (CSV)', format: 'csv', table: 'opportunities', preparing: 'Writing…' },
];

type Progress = { label: string; percent: number | null } | null;

function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition && /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition ? (/filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback) : fallback;
}

/** Reads the response body, reporting how much of it has arrived when the server said how much there is. */
async function readWithProgress(response: Response, onPercent: (percent: number) => void): Promise<Blob> {
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body || total <= 0) return response.blob();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onPercent(Math.min(100, Math.round((received / total) * 100)));
  }
  return new Blob(chunks as BlobPart[], { type: response.headers.get('content-type') ?? undefined });
}

export function ExportMenu({ actions }: { actions: BoardActions }) {
  const { link, store } = actions;
  const hasBoard = useStore(store, (s) => s.board !== null);
  const stateId = useStore(store, (s) => s.stateId);
  const selection = useStore(store, (s) => s.selectedCardIds);
  const [open, setOpen] = useState(false);
  const [progress, setProgress] = useState<Progress>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const menu = useDismiss<HTMLDivElement>(open, () => setOpen(false));

  const run = async (choice: ExportChoice) => {
    setOpen(false);
    setProblem(null);
    setProgress({ label: choice.preparing, percent: null });
    const { boardId, token } = link;
    const query = new URLSearchParams();
    if (stateId) query.set('state', stateId);
    if (choice.selection) query.set('cards', selection.join(','));
    if (choice.table) query.set('table', choice.table);
    try {
      const response = await fetch(
        `/api/boards/${encodeURIComponent(boardId)}/export.${choice.format}?${query}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { detail?: string; title?: string } | null;
        throw new Error(body?.detail ?? body?.title ?? `the server answered ${response.status}`);
      }
      const blob = await readWithProgress(response, (percent) =>
        setProgress({ label: 'Downloading…', percent }),
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileNameOf(response.headers.get('content-disposition'), `board.${choice.format}`);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (reason) {
      setProblem(`Export failed: ${reason instanceof Error ? reason.message : String(reason)}`);
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="export-menu">
      <ToolButton
        icon="download"
        label="Export"
        show="wide"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={!hasBoard || progress !== null}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <div ref={menu} className="popover export-menu__list" role="menu" aria-label="Export formats">
          {CHOICES.map((choice) => (
            <button
              key={choice.label}
              type="button"
              role="menuitem"
              className="export-menu__item"
              disabled={choice.selection === true && selection.length === 0}
              onClick={() => void run(choice)}
            >
              {choice.label}
            </button>
          ))}
        </div>
      )}
      {progress && (
        <output className="export-menu__progress" aria-label="Export progress">
          {progress.label}
          {progress.percent !== null && <progress max={100} value={progress.percent} />}
        </output>
      )}
      {problem && (
        <p role="alert" className="export-menu__problem">
          {problem}
          <button
            type="button"
            className="button button--quiet"
            aria-label="Dismiss"
            onClick={() => setProblem(null)}
          >
            ✕
          </button>
        </p>
      )}
    </div>
  );
}
