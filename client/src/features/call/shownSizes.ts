import { createContext, useCallback, useContext, useEffect, useState, type RefObject } from 'react';
import type { ShownBox } from '../../call/shownLayers';

/** Where a tile reports the size it shows its peer's picture at (null: it no longer shows it). */
type ReportShownSize = (peerId: string, box: ShownBox | null) => void;

const ShownSizesContext = createContext<ReportShownSize | null>(null);

export const ShownSizesProvider = ShownSizesContext.Provider;

/**
 * The size each remote picture is shown at on this screen, by peer id, for the layer it is received at
 * (call/shownLayers.ts). Whole CSS pixels; a new map only when a size changed.
 */
export function useShownSizes(): [ReadonlyMap<string, ShownBox>, ReportShownSize] {
  const [boxes, setBoxes] = useState<ReadonlyMap<string, ShownBox>>(() => new Map());
  const report = useCallback<ReportShownSize>((peerId, box) => {
    setBoxes((current) => {
      const before = current.get(peerId);
      if (!box) {
        if (!before) return current;
        const next = new Map(current);
        next.delete(peerId);
        return next;
      }
      const rounded: ShownBox = { width: Math.round(box.width), height: Math.round(box.height), fit: box.fit };
      if (before && before.width === rounded.width && before.height === rounded.height && before.fit === rounded.fit) return current;
      return new Map(current).set(peerId, rounded);
    });
  }, []);
  return [boxes, report];
}

/**
 * Reports the size `element` shows `peerId`'s picture at, while it is mounted (nothing outside a call screen). Measured
 * when the ResizeObserver reports (the first time with the next frame's layout): a getBoundingClientRect at mount forced a
 * layout of the room in the middle of the join's first render, one per tile (~160 ms of a join's main thread).
 */
export function useReportShownSize(element: RefObject<HTMLElement | null>, peerId: string, fit: ShownBox['fit']): void {
  const report = useContext(ShownSizesContext);
  useEffect(() => {
    const target = element.current;
    if (!report || !target || typeof ResizeObserver === 'undefined') return;
    // Inside the observer's callback the layout is fresh: measuring there costs nothing.
    const observer = new ResizeObserver(() => {
      const { width, height } = target.getBoundingClientRect();
      report(peerId, { width, height, fit });
    });
    observer.observe(target);
    return () => {
      observer.disconnect();
      report(peerId, null);
    };
  }, [report, element, peerId, fit]);
}
