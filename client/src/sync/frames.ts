/** How the store and presence wait for the next frame: the browser's, or a test's own clock. */
export interface FrameClock {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export const ANIMATION_FRAMES: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};
