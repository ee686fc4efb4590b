/**
 * Whether this browser shows the canvas's mini map: on until someone hides it, and
 * remembered in localStorage so a person who turned it off does not meet it again.
 */
import { useState } from 'react';

const KEY = 'journeyboard:minimap';

function storedShown(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'hidden';
  } catch {
    // Storage refused (private mode, a sandboxed frame): the default.
    return true;
  }
}

export function useMiniMapShown(): [boolean, () => void] {
  const [shown, setShown] = useState(storedShown);
  const toggle = () => {
    const next = !shown;
    setShown(next);
    try {
      localStorage.setItem(KEY, next ? 'shown' : 'hidden');
    } catch {
      // Not remembered: it still toggles for this page.
    }
  };
  return [shown, toggle];
}
