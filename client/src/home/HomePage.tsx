/** The start page: reopen a recent board, start one from a template, or open a share link. */
import type { TemplateSummary } from '@journeyboard/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { boardPath, recentBoards } from '../store/recentBoards.js';

type Loading =
  | { status: 'loading' }
  | { status: 'ready'; templates: TemplateSummary[] }
  | { status: 'error'; message: string };

/** Recent boards listed before "Show all": a short list keeps the templates in sight too. */
const RECENT_SHOWN = 5;

/** The longest board title the server takes (PATCH and POST /api/boards refuse more). */
const TITLE_MAX = 200;

export function HomePage() {
  const [state, setState] = useState<Loading>({ status: 'loading' });
  const [creating, setCreating] = useState<string | null>(null);
  // The template whose "Create board" was pressed: its card asks for the board's name first.
  const [naming, setNaming] = useState<{ template: TemplateSummary; title: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState('');
  const [showAllRecent, setShowAllRecent] = useState(false);
  const recent = recentBoards();

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/templates', { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The server answered ${response.status}`);
        setState({ status: 'ready', templates: (await response.json()) as TemplateSummary[] });
      })
      .catch((reason: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: String(reason) });
      });
    return () => controller.abort();
  }, []);

  async function create(template: TemplateSummary, title: string) {
    setCreating(template.id);
    setError(null);
    try {
      const response = await fetch('/api/boards', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title, template: template.id }),
      });
      if (!response.ok) throw new Error(`The server answered ${response.status}`);
      const board = (await response.json()) as { id: string; tokens: { owner: string } };
      location.assign(boardPath(board.id, board.tokens.owner));
    } catch (reason) {
      setError(`Could not create the board: ${String(reason)}`);
      setCreating(null);
    }
  }

  function openLink(event: FormEvent) {
    event.preventDefault();
    try {
      const url = new URL(link.trim(), location.origin);
      if (!/^\/b\/[^/]+$/.test(url.pathname) || !url.hash.includes('token='))
        throw new Error('not a board link');
      location.assign(`${url.pathname}${url.hash}`);
    } catch {
      setError('That is not a Journeyboard share link (it looks like …/b/<board>#token=…).');
    }
  }

  return (
    <main className="home">
      <header className="home__header">
        <h1>Journeyboard</h1>
        <p>Map customer journeys and service blueprints together, live.</p>
      </header>
      {error && (
        <p role="alert" className="home__error">
          {error}
        </p>
      )}
      {/* Boards opened before come first: returning to one is what most visits are for. */}
      {recent.length > 0 && (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent boards</h2>
          <ul className="recent">
            {(showAllRecent ? recent : recent.slice(0, RECENT_SHOWN)).map((board) => (
              <li key={board.id}>
                <a href={boardPath(board.id, board.token)}>{board.title}</a>
                <span className="recent__meta">
                  {board.role} · {new Date(board.openedAt).toLocaleDateString()}
                </span>
              </li>
            ))}
          </ul>
          {recent.length > RECENT_SHOWN && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => setShowAllRecent(!showAllRecent)}
            >
              {showAllRecent ? 'Show fewer' : `Show all ${recent.length}`}
            </button>
          )}
        </section>
      )}
      <section aria-labelledby="templates-heading">
        <h2 id="templates-heading">Start from a template</h2>
        {state.status === 'loading' && <p role="status">Loading templates…</p>}
        {state.status === 'error' && <p role="alert">Could not load templates: {state.message}</p>}
        {state.status === 'ready' && (
          <ul className="templates">
            {state.templates.map((template) => (
              <li key={template.id} className="template">
                <h3>{template.title}</h3>
                <p>{template.description}</p>
                {naming?.template.id === template.id ? (
                  <form
                    className="template__name"
                    onSubmit={(event) => {
                      event.preventDefault();
                      const title = naming.title.trim();
                      if (title) void create(template, title);
                    }}
                  >
                    <input
                      aria-label="Board name"
                      value={naming.title}
                      maxLength={TITLE_MAX}
                      // biome-ignore lint/a11y/noAutofocus: the person just asked to create this board
                      autoFocus
                      onFocus={(event) => event.target.select()}
                      onChange={(event) => setNaming({ template, title: event.target.value })}
                      onKeyDown={(event) => {
                        if (event.key === 'Escape') setNaming(null);
                      }}
                    />
                    <button
                      type="submit"
                      className="button button--primary"
                      disabled={creating !== null || !naming.title.trim()}
                    >
                      {creating === template.id ? 'Creating…' : 'Create'}
                    </button>
                    <button type="button" className="button button--quiet" onClick={() => setNaming(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <button
                    type="button"
                    className="button button--primary"
                    aria-label={`Create board from ${template.title}`}
                    disabled={creating !== null}
                    onClick={() => setNaming({ template, title: template.title })}
                  >
                    Create board
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="open-heading" className="home__open">
        <h2 id="open-heading">Open a share link</h2>
        <form onSubmit={openLink} className="home__open-form">
          <input
            aria-label="Share link"
            placeholder="https://…/b/…#token=…"
            value={link}
            onChange={(event) => setLink(event.target.value)}
          />
          <button type="submit" className="button">
            Open
          </button>
        </form>
      </section>
    </main>
  );
}
