import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { bestColumns } from '../../call/layers';

interface TileGridProps {
  count: number;
  /** Used until the grid has measured itself (and where ResizeObserver is missing). */
  fallbackColumns: number;
  className?: string;
  children: ReactNode;
}

const GAP = 12;

/** Equal tiles filling the available space; the column count that makes 16:9 pictures largest. */
export function TileGrid({ count, fallbackColumns, className, children }: TileGridProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(fallbackColumns);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) setColumns(bestColumns(count, width, height, GAP));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [count]);
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
