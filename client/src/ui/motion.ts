/**
 * Motion for people who asked their system for less of it (prefers-reduced-motion):
 * cursors jump instead of gliding, and the canvas jumps to where a panel, a followed
 * person or a summons sends it instead of flying there. CSS transitions are cut in
 * styles/base.css.
 */

/** Asked once: the list follows the system's setting while the page is open. */
const reducedMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');

export const prefersLessMotion = (): boolean => reducedMotion?.matches ?? false;

/** An animation's length in ms, or 0 (a jump) for someone who asked for less motion. */
export const motionMs = (ms: number): number => (prefersLessMotion() ? 0 : ms);
