import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { bestColumns } from '../../call/layers';

interface TileGridProps {
  count: number;
  /** Used until the grid has measured itself (and where ResizeObserver is missing). */
  fallbackColumns: number;
  className?: string;
  /** The first tile (the venue, at home) takes two columns and two rows: the largest picture. */
  featureFirst?: boolean;
  children: ReactNode;
}

const GAP = 12;

/**
 * Equal tiles filling the available space; the column count that makes 16:9 pictures largest. With
 * `featureFirst` the first tile counts as four cells (2×2) and the others fill around it.
 */
export function TileGrid({ count, fallbackColumns, className, featureFirst = false, children }: TileGridProps) {
  const featured = featureFirst && count > 1;
  const cells = featured ? count + 3 : count;
  const ref = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(fallbackColumns);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) setColumns(Math.max(featured ? 2 : 1, bestColumns(cells, width, height, GAP)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [cells, featured]);
  const shownColumns = featured ? Math.max(2, columns) : columns;
  const rows = Math.max(featured ? 2 : 1, Math.ceil(cells / shownColumns));
  return (
    <div
      ref={ref}
      className={['tile-grid', featured && 'tile-grid--feature-first', className].filter(Boolean).join(' ')}
      style={{
        gap: GAP,
        gridTemplateColumns: `repeat(${shownColumns}, minmax(0, 1fr))`,
        gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
      }}
      data-count={count}
      data-columns={shownColumns}
    >
      {children}
    </div>
  );
}
