import { useLiveT } from '../../../i18n/program/live';
import type { GalleryPage } from '../../../call/gallery';

interface GalleryPagerProps {
  page: Pick<GalleryPage<unknown>, 'index' | 'count' | 'hasPrevious' | 'hasNext'>;
  /** Shows page `index` (0-based). */
  onPage: (index: number) => void;
}

/**
 * ‹ まえ　1 / 3　つぎ › under the pictures when there are more people than one page holds. The page
 * changes only when these are pressed; at either end the button stays in place, greyed, so nothing moves.
 */
export function GalleryPager({ page, onPage }: GalleryPagerProps) {
  const { t } = useLiveT();
  if (page.count <= 1) return null;
  const numbers = { index: page.index + 1, count: page.count };
  return (
    <nav className="gallery-pager" aria-label={t('gallery.label')}>
      <button
        type="button"
        className="gallery-pager__button"
        disabled={!page.hasPrevious}
        onClick={() => onPage(page.index - 1)}
        data-testid="gallery-previous"
      >
        <span aria-hidden="true">‹</span> {t('gallery.previous')}
      </button>
      <span className="gallery-pager__page" role="status" aria-label={t('gallery.pageSpoken', numbers)} data-testid="gallery-page">
        {t('gallery.page', numbers)}
      </span>
      <button
        type="button"
        className="gallery-pager__button"
        disabled={!page.hasNext}
        onClick={() => onPage(page.index + 1)}
        data-testid="gallery-next"
      >
        {t('gallery.next')} <span aria-hidden="true">›</span>
      </button>
    </nav>
  );
}
