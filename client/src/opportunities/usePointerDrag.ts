/**
 * Dragging with pointer events (mouse, pen and touch alike). The drag lives in this
 * component's state while it lasts; only the drop reaches the document, as one command.
 */
import { type PointerEvent, useRef, useState } from 'react';

export interface PointerDrag<T> {
  id: string;
  /** How far the pointer has moved since it was pressed, in screen pixels. */
  dx: number;
  dy: number;
  /** Where a drop here would land, as the caller reads it; null for nowhere. */
  target: T | null;
}

interface Press {
  id: string;
  pointerId: number;
  x: number;
  y: number;
  moved: boolean;
}

/** Moving less than this is a click, not a drag. */
const DRAG_THRESHOLD = 4;

export function usePointerDrag<T>({
  enabled,
  targetAt,
  onDrop,
}: {
  enabled: boolean;
  /** Reads the drop target under the pointer (dx, dy: the pointer's travel so far). */
  targetAt(id: string, event: PointerEvent<HTMLElement>, dx: number, dy: number): T | null;
  onDrop(id: string, target: T): void;
}) {
  const press = useRef<Press | null>(null);
  const [drag, setDrag] = useState<PointerDrag<T> | null>(null);

  const handlers = (id: string) => {
    if (!enabled) return {};
    const travel = (event: PointerEvent<HTMLElement>) => {
      const current = press.current;
      if (!current || current.pointerId !== event.pointerId) return null;
      const dx = event.clientX - current.x;
      const dy = event.clientY - current.y;
      if (Math.hypot(dx, dy) >= DRAG_THRESHOLD) current.moved = true;
      return current.moved ? { dx, dy } : null;
    };
    return {
      onPointerDown(event: PointerEvent<HTMLElement>) {
        // Buttons and fields inside a draggable card keep their own clicks.
        const control = (event.target as HTMLElement).closest('button, select, input, textarea, a');
        if (event.button !== 0 || (control && control !== event.currentTarget)) return;
        press.current = { id, pointerId: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
        event.currentTarget.setPointerCapture(event.pointerId);
      },
      onPointerMove(event: PointerEvent<HTMLElement>) {
        const moved = travel(event);
        if (moved) setDrag({ id, ...moved, target: targetAt(id, event, moved.dx, moved.dy) });
      },
      onPointerUp(event: PointerEvent<HTMLElement>) {
        const moved = travel(event);
        press.current = null;
        setDrag(null);
        if (!moved) return;
        const target = targetAt(id, event, moved.dx, moved.dy);
        if (target !== null) onDrop(id, target);
      },
      onPointerCancel() {
        press.current = null;
        setDrag(null);
      },
    };
  };
  return { drag, handlers };
}
