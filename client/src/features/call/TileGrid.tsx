import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { bestColumns } from '../../call/layers';

interface TileGridProps {
  count: number;
  /** Used until the grid has measured itself (and where ResizeObserver is missing). */
  fallbackColumns: number;
  className?: string;
  /** Fewer columns rather than tiles narrower than this (names stay whole); by default the largest pictures. */
  minTileWidth?: number;
  children: ReactNode;
}

const GAP = 12;

/** Equal tiles filling the available space; the column count that makes 16:9 pictures largest. */
export function TileGrid({ count, fallbackColumns, className, minTileWidth = 0, children }: TileGridProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(fallbackColumns);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) setColumns(columnsAtLeast(minTileWidth, bestColumns(count, width, height, GAP), width));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [count, minTileWidth]);
  const rows = Math.max(1, Math.ceil(count / columns));
  return (
    <div
      ref={ref}
      className={['tile-grid', className].filter(Boolean).join(' ')}
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
