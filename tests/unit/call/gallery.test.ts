import { describe, expect, it } from 'vitest';
import { galleryPage, GALLERY_PAGE_SIZE, pageCount, shownVideoPeerIds } from '../../../client/src/call/gallery';
import { temporalLayerFor } from '../../../client/src/call/layers';

const people = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `p-${i + 1}` }));

describe('gallery pages', () => {
  it('shows nine at a time: 20 people are three pages of 9, 9 and 2', () => {
    expect(GALLERY_PAGE_SIZE).toBe(9);
    expect(pageCount(20)).toBe(3);
    const first = galleryPage(people(20), 0);
    expect(first.tiles.map((p) => p.id)).toEqual(people(9).map((p) => p.id));
    expect(first).toMatchObject({ index: 0, count: 3, hasPrevious: false, hasNext: true });
    const last = galleryPage(people(20), 2);
    expect(last.tiles.map((p) => p.id)).toEqual(['p-19', 'p-20']);
    expect(last).toMatchObject({ index: 2, count: 3, hasPrevious: true, hasNext: false });
  });

  it('is one page with no buttons up to nine people, and when nobody is there', () => {
    expect(galleryPage(people(9), 0)).toMatchObject({ count: 1, hasPrevious: false, hasNext: false });
    expect(galleryPage(people(9), 0).tiles).toHaveLength(9);
    expect(galleryPage([], 0)).toMatchObject({ tiles: [], index: 0, count: 1, hasPrevious: false, hasNext: false });
  });

  it('shows the last page when people left and the page shown no longer exists; never a negative page', () => {
    // On page 3 of 20, eight people leave: 12 people are two pages.
    const page = galleryPage(people(12), 2);
    expect(page).toMatchObject({ index: 1, count: 2, hasNext: false });
    expect(page.tiles.map((p) => p.id)).toEqual(['p-10', 'p-11', 'p-12']);
    expect(galleryPage(people(12), -1).index).toBe(0);
    expect(galleryPage(people(12), 0.7).index).toBe(0);
  });

  it('takes another page size', () => {
    expect(galleryPage(people(5), 1, 4).tiles.map((p) => p.id)).toEqual(['p-5']);
  });
});

describe('the videos a screen shows', () => {
  it('lists the spotlight and the page once each, in order', () => {
    const venue = { id: 'venue' };
    const page = galleryPage([venue, ...people(12)], 0).tiles;
    expect(shownVideoPeerIds(venue, page)).toEqual(['venue', ...people(8).map((p) => p.id)]);
    expect(shownVideoPeerIds(null, people(2))).toEqual(['p-1', 'p-2']);
    expect(shownVideoPeerIds()).toEqual([]);
  });

  it('asks for every video (null) beyond what the request allows (50)', () => {
    expect(shownVideoPeerIds(people(50))).toHaveLength(50);
    expect(shownVideoPeerIds(people(51))).toBeNull();
  });
});

describe('frame rate by picture size', () => {
  it('asks 15 fps for small tiles (layer 0) and 30 fps for larger pictures and the spotlight', () => {
    expect(temporalLayerFor(0)).toBe(1);
    expect(temporalLayerFor(1)).toBe(2);
    expect(temporalLayerFor(2)).toBe(2);
  });
});
