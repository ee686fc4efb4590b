/** The start page: what Journeyboard is for, and the templates a board can start from. */
import type { TemplateSummary } from '@journeyboard/shared';
import { useEffect, useState } from 'react';

type Loading =
  | { status: 'loading' }
  | { status: 'ready'; templates: TemplateSummary[] }
  | { status: 'error'; message: string };

export function HomePage() {
  const [state, setState] = useState<Loading>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/templates', { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The server answered ${response.status}`);
        setState({ status: 'ready', templates: (await response.json()) as TemplateSummary[] });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', message: String(error) });
      });
    return () => controller.abort();
  }, []);

  return (
    <main className="home">
      <header className="home__header">
        <h1>Journeyboard</h1>
        <p>Map customer journeys and service blueprints together, live.</p>
      </header>
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
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
