import { useEffect, useRef, useState, type ReactNode } from 'react';
import { bestColumns } from '../../call/layers';

interface TileGridProps {
  count: number;
  /** Used until the grid has measured itself (and where ResizeObserver is missing). */
  fallbackColumns: number;
  className?: string;
  /** The first tile (the venue, at home) takes two columns (one where only one fits) and two rows: the largest picture. */
  featureFirst?: boolean;
  /** Fewer columns rather than tiles narrower than this (names stay whole); by default the largest pictures. */
  minTileWidth?: number;
  children: ReactNode;
}

const GAP = 12;

/**
 * Equal tiles filling the available space; the column count that makes 16:9 pictures largest. With
 * `featureFirst` the first tile counts as four cells (2×2) and the others fill around it.
 */
export function TileGrid({ count, fallbackColumns, className, featureFirst = false, minTileWidth = 0, children }: TileGridProps) {
  const featured = featureFirst && count > 1;
  const cells = featured ? count + 3 : count;
  const ref = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(fallbackColumns);
  // Measured when the ResizeObserver reports, after the layout the browser does anyway: a measure in a layout effect
  // (getBoundingClientRect) forced a layout of the whole room in the middle of the join's first render, up to
  // 380 ms on a slow tablet. Until the first report (the next frame) the fallback column count shows.
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    // Inside the observer's callback the layout is fresh: measuring there costs nothing.
    const observer = new ResizeObserver(() => {
      const { width, height } = element.getBoundingClientRect();
      if (width <= 0 || height <= 0) return;
      const best = Math.max(featured ? 2 : 1, bestColumns(cells, width, height, GAP));
      setColumns(columnsAtLeast(minTileWidth, best, width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [cells, featured, minTileWidth]);
  // One column: the first tile still takes two rows (its two cells below it).
  const rows = Math.max(featured ? 2 : 1, Math.ceil((featured && columns === 1 ? count + 1 : cells) / columns));
  return (
    <div
      ref={ref}
      className={['tile-grid', featured && 'tile-grid--feature-first', columns === 1 && 'tile-grid--one-column', className]
        .filter(Boolean)
        .join(' ')}
      style={{
        gap: GAP,
        gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
        gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
      }}
      data-count={count}
      data-columns={columns}
    >
      {children}
    </div>
  );
}

/** `columns`, or fewer until a tile is at least `minWidth` wide (never fewer than one). */
function columnsAtLeast(minWidth: number, columns: number, width: number): number {
  let fitting = columns;
  while (fitting > 1 && (width - GAP * (fitting - 1)) / fitting < minWidth) fitting -= 1;
  return fitting;
}
