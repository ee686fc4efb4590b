/** Resolves on the event loop's next turn (after pending I/O), so a long export lets live rooms run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
