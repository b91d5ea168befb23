import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * Checks a screen as an older adult's device shows it (issue #12 part 1): at each size of the device matrix, the one
 * action that matters is on screen, nothing spills out of its box or covers people or buttons, no line holds a lone
 * character or two, text and targets are large enough, and axe-core finds nothing serious.
 */

export interface Device {
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

/** The phones, tablets and the TV people really have (portrait and landscape phones; the venue's tablet and TV). */
export const DEVICE_MATRIX: readonly Device[] = [
  { name: 'phone-360x640', width: 360, height: 640 },
  { name: 'phone-640x360', width: 640, height: 360 },
  { name: 'phone-375x667', width: 375, height: 667 },
  { name: 'phone-667x375', width: 667, height: 375 },
  { name: 'phone-390x844', width: 390, height: 844 },
  { name: 'phone-844x390', width: 844, height: 390 },
  { name: 'android-tablet-800x1280', width: 800, height: 1280 },
  { name: 'ipad-768x1024', width: 768, height: 1024 },
  { name: 'ipad-1024x768', width: 1024, height: 768 },
  { name: 'laptop-1280x800', width: 1280, height: 800 },
  { name: 'tv-1920x1080', width: 1920, height: 1080 },
];

/** The devices a venue runs on: tablets, laptops and the room's TV. */
export const VENUE_DEVICES: readonly Device[] = DEVICE_MATRIX.filter((device) => Math.min(device.width, device.height) >= 768);

/** Older adults' screens (text ≥ 24 px, targets ≥ 64 px) or staff pages (16 px, 44 px: WCAG 2.5.5). */
export type ScreenRules = 'participant' | 'staff';

const MINIMUMS: Record<ScreenRules, { textPx: number; targetPx: number }> = {
  participant: { textPx: 24, targetPx: 64 },
  staff: { textPx: 16, targetPx: 44 },
};

export interface ScreenCheckOptions {
  /** A name for the screen in problems and screenshot files, e.g. `home-lobby`. */
  readonly screen: string;
  /** The one action that matters on this screen: it must be fully inside the viewport without scrolling. */
  readonly primary?: Locator;
  readonly rules?: ScreenRules;
}

/** Problems of the screen at the page's current size, as readable lines; empty when the screen is right. */
export async function checkScreen(page: Page, options: ScreenCheckOptions): Promise<string[]> {
  const device = describeViewport(page);
  const rules = options.rules ?? 'participant';
  await settleLayout(page);
  // Three reads at once, in order: the layout's measurement is one synchronous task in the page (its pointer-events
  // override comes and goes within it), so axe's steps, each a task of their own, never see it.
  const found = await Promise.all([primaryProblems(options.primary), layoutProblems(page, rules), axeProblems(page)]);
  const problems = found.flat();
  await saveScreenshot(page, options.screen, device);
  return problems.map((problem) => `${options.screen} @ ${device}: ${problem}`);
}

/** Resizes the page through `devices` and checks the screen at each size; all problems found, in order. */
export async function checkAcrossDevices(
  page: Page,
  options: ScreenCheckOptions,
  devices: readonly Device[] = DEVICE_MATRIX,
): Promise<string[]> {
  const problems: string[] = [];
  for (const device of devices) {
    await page.setViewportSize({ width: device.width, height: device.height });
    problems.push(...(await checkScreen(page, options)));
  }
  return problems;
}

function describeViewport(page: Page): string {
  const size = page.viewportSize();
  return size ? `${size.width}×${size.height}` : 'unknown size';
}

/**
 * Lets fonts, resize observers (and the renders they cause) and transitions finish before measuring: waits frame by
 * frame, for the finite animations running, until the layout (the page's size and every tile's, button's and test
 * id's box) is the same two frames running. No fixed pause: about 300 screens are checked per device file. Tests that
 * measure something of their own after a resize wait with it too.
 */
export async function settleLayout(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const finiteAnimations = () =>
      document.getAnimations().filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    const layout = () => {
      const boxes = [...document.querySelectorAll('figure, button, [data-testid], dialog')].map((element) => {
        const rect = element.getBoundingClientRect();
        return `${rect.x},${rect.y},${rect.width},${rect.height}`;
      });
      return `${document.documentElement.scrollWidth}x${document.documentElement.scrollHeight}|${boxes.join('|')}`;
    };
    let previous = '';
    for (let i = 0; i < 60; i += 1) {
      await frame();
      await Promise.all(finiteAnimations().map((animation) => animation.finished.catch(() => undefined)));
      const now = layout();
      if (i >= 2 && now === previous) return;
      previous = now;
    }
  });
}

async function primaryProblems(primary: Locator | undefined): Promise<string[]> {
  if (!primary) return [];
  const box = await primary.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return {
      top: rect.top,
      left: rect.left,
      bottom: rect.bottom,
      right: rect.right,
      label: (element.textContent ?? '').trim().slice(0, 30),
    };
  });
  const viewport = primary.page().viewportSize();
  if (!viewport) return [];
  const inside = box.top >= 0 && box.left >= 0 && box.bottom <= viewport.height + 0.5 && box.right <= viewport.width + 0.5;
  if (inside) return [];
  const where = `top ${Math.round(box.top)}, bottom ${Math.round(box.bottom)}, left ${Math.round(box.left)}, right ${Math.round(box.right)}`;
  return [`the primary action 「${box.label}」 is not fully on screen without scrolling (${where})`];
}

async function layoutProblems(page: Page, rules: ScreenRules): Promise<string[]> {
  return page.evaluate(measureLayout, MINIMUMS[rules]);
}

let axeSource: string | undefined;

async function axeProblems(page: Page): Promise<string[]> {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeApi }).axe;
    // A rule with an impact gives every violation of it that impact (axe-core's finalizeRuleResult): the minor and
    // moderate ones can never report what this check looks for, so they are not run (about a third of the rules).
    const quiet = axe._audit.rules.filter((rule) => rule.impact === 'minor' || rule.impact === 'moderate');
    const rules = Object.fromEntries(quiet.map((rule) => [rule.id, { enabled: false }]));
    const results = await axe.run(document, { resultTypes: ['violations'], rules });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => {
        const targets = violation.nodes.slice(0, 3).map((node) => node.target.join(' '));
        return `axe ${violation.impact} ${violation.id}: ${violation.help} (${targets.join(', ')})`;
      });
  });
}

/** The part of axe-core's API the check uses (axe runs in the page, injected from node_modules). */
interface AxeApi {
  /** axe-core's loaded rules (not in its typings): a rule's impact, when it has one, is that of all its violations. */
  _audit: { rules: { id: string; impact?: string }[] };
  run(
    context: Document,
    options: { resultTypes: string[]; rules: Record<string, { enabled: boolean }> },
  ): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[] }>;
}

async function saveScreenshot(page: Page, screen: string, device: string): Promise<void> {
  const dir = process.env.KAYOI_SCREENSHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${screen}--${device.replace('×', 'x')}.png`) });
}

/**
 * Runs in the page (serialized by Playwright: everything it uses is inside it). Measures the visible layout:
 * - every character of visible text lies inside each of its boxes up to the nearest scroll container (else it spills
 *   out or is cut off) and is not covered by another element;
 * - people's tiles (`figure`) and interactive elements are not covered by anything outside them;
 * - no block of text has a line of two characters or fewer (「た」 alone on a line);
 * - text is at least `textPx` and targets at least `targetPx` in both directions.
 * While it measures, every element takes pointer events, so that overlays with `pointer-events: none` count as covering.
 * When a modal dialog is open, only the dialog is measured: the rest of the page is inert behind it.
 */
function measureLayout(minimums: { textPx: number; targetPx: number }): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const report = (problem: string) => {
    if (seen.has(problem)) return;
    seen.add(problem);
    problems.push(problem);
  };
  const root = document.querySelector('dialog[open][aria-modal="true"], dialog:modal, [aria-modal="true"]') ?? document.body;
  const viewWidth = window.innerWidth;
  const viewHeight = window.innerHeight;
  const override = document.createElement('style');
  override.textContent = '*, *::before, *::after { pointer-events: auto !important; }';
  document.head.append(override);
  try {
    checkPageWidth();
    checkText();
    checkCovered('figure', 'the tile');
    checkTargets();
  } finally {
    override.remove();
  }
  return problems;

  function describe(element: Element): string {
    const id = element.getAttribute('data-testid');
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 24);
    const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
    return `<${element.tagName.toLowerCase()}${id ? ` data-testid=${id}` : classes}>${text ? ` 「${text}」` : ''}`;
  }

  function visible(element: Element): boolean {
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const rect = element.getBoundingClientRect();
    // Text for screen readers only (a 1 px clipped box) is not on screen.
    return rect.width > 1 && rect.height > 1;
  }

  function onScreen(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < viewWidth && y < viewHeight;
  }

  function checkPageWidth() {
    const overflow = document.documentElement.scrollWidth - viewWidth;
    if (overflow > 1) report(`the page is ${Math.round(overflow)} px wider than the screen (it scrolls sideways)`);
  }

  function textNodesOf(root: Element): Text[] {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Text && node.data.trim() !== '') nodes.push(node);
    }
    return nodes;
  }

  /** The element whose box lays out a text: the nearest ancestor that is not inline. */
  function blockOf(node: Node): Element | null {
    let element = node.parentElement;
    while (element && getComputedStyle(element).display.startsWith('inline') && getComputedStyle(element).display !== 'inline-block') {
      element = element.parentElement;
    }
    return element;
  }

  interface Glyph {
    readonly rect: DOMRect;
    readonly element: Element;
  }

  function glyphsOf(node: Text): Glyph[] {
    const element = node.parentElement;
    if (!element || !visible(element) || element.closest('script, style, noscript, [hidden], svg')) return [];
    const glyphs: Glyph[] = [];
    const range = document.createRange();
    const text = node.data;
    for (let i = 0; i < text.length; i += 1) {
      if (/\s/.test(text[i] ?? '')) continue;
      const end = i + 1 < text.length && /[\uD800-\uDBFF]/.test(text[i] ?? '') ? i + 2 : i + 1;
      range.setStart(node, i);
      range.setEnd(node, end);
      const rect = range.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) glyphs.push({ rect: lineBoxOf(rect, element), element });
      i = end - 1;
    }
    return glyphs;
  }

  /**
   * A glyph's box as its line lays it out: a font's content area (Noto Sans CJK: about 1.45 em) is taller than a
   * line of `line-height: 1.2`, and the range's box is the content area, so without this every tight line of
   * Japanese would "spill" a few pixels above and below its own box.
   */
  function lineBoxOf(rect: DOMRect, element: Element): DOMRect {
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
    if (!(lineHeight > 0) || rect.height <= lineHeight) return rect;
    const trim = (rect.height - lineHeight) / 2;
    return new DOMRect(rect.x, rect.y + trim, rect.width, lineHeight);
  }

  function checkText() {
    const byBlock = new Map<Element, Glyph[]>();
    for (const node of textNodesOf(root)) {
      const glyphs = glyphsOf(node);
      if (glyphs.length === 0) continue;
      const element = node.parentElement as Element;
      const fontPx = parseFloat(getComputedStyle(element).fontSize);
      if (fontPx < minimums.textPx - 0.01) report(`text under ${minimums.textPx} px (${fontPx} px): ${describe(element)}`);
      checkInsideBoxes(element, glyphs);
      checkGlyphsUncovered(element, glyphs);
      const block = blockOf(node);
      if (block) byBlock.set(block, [...(byBlock.get(block) ?? []), ...glyphs]);
    }
    for (const [block, glyphs] of byBlock) checkLines(block, glyphs);
  }

  /** Each box that lays the text out, up to the nearest scroll container: the parent, or for a positioned box its containing block. */
  function checkInsideBoxes(element: Element, glyphs: Glyph[]) {
    let box: Element | null = element;
    while (box && box !== document.documentElement) {
      const style = getComputedStyle(box);
      const scrolls = /(auto|scroll)/.test(style.overflowX + style.overflowY);
      // A row is no box for a cell spanning rows (rowspan): the cell's own box is checked.
      const inline =
        style.display === 'contents' ||
        style.display === 'table-row' ||
        (style.display.startsWith('inline') && style.display !== 'inline-block');
      if (!inline && !scrolls) {
        const rect = box.getBoundingClientRect();
        const outside = glyphs.find(
          ({ rect: glyph }) =>
            glyph.left < rect.left - 1 || glyph.right > rect.right + 1 || glyph.top < rect.top - 1 || glyph.bottom > rect.bottom + 1,
        );
        if (outside) {
          const clipped = /(hidden|clip)/.test(style.overflowX + style.overflowY);
          report(`text ${clipped ? 'cut off by' : 'spills out of'} ${describe(box)}: ${describe(element)}`);
          return;
        }
      }
      if (scrolls || style.position === 'fixed') break;
      box = style.position === 'absolute' ? containingBlockOf(box) : box.parentElement;
    }
    const outsideScreen = glyphs.find(
      ({ rect }) =>
        (rect.right > viewWidth + 1 || rect.left < -1) && !clippedAway(element, rect.left + rect.width / 2, rect.top + rect.height / 2),
    );
    if (outsideScreen) report(`text beyond the screen's edge: ${describe(element)}`);
  }

  function containingBlockOf(element: Element): Element | null {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if (style.position !== 'static' || style.transform !== 'none' || style.contain.includes('layout')) return parent;
    }
    return document.body;
  }

  function coveredBy(element: Element, x: number, y: number): Element | null {
    if (!onScreen(x, y) || clippedAway(element, x, y)) return null;
    const top = document.elementFromPoint(x, y);
    if (!top || element === top || element.contains(top) || top.contains(element) || inStickyBar(top)) return null;
    return top;
  }

  /** A bar that stays in view while the page scrolls under it (a sticky save bar): what is under it is seen by scrolling. */
  function inStickyBar(element: Element): boolean {
    for (let box: Element | null = element; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).position === 'sticky') return true;
    }
    return false;
  }

  /**
   * The point is outside a box that clips the element (scrolled out of a list's view, or cut off, which
   * checkInsideBoxes reports): nothing covers it there, it is simply not painted.
   */
  function clippedAway(element: Element, x: number, y: number): boolean {
    for (let box = element.parentElement; box && box !== document.documentElement; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (!/(hidden|clip|auto|scroll)/.test(style.overflowX + style.overflowY)) continue;
      const rect = box.getBoundingClientRect();
      if (x < rect.left + 1 || x > rect.right - 1 || y < rect.top + 1 || y > rect.bottom - 1) return true;
    }
    return false;
  }

  function checkGlyphsUncovered(element: Element, glyphs: Glyph[]) {
    for (const { rect } of glyphs) {
      const cover = coveredBy(element, rect.left + rect.width / 2, rect.top + rect.height / 2);
      if (cover) {
        report(`text covered by ${describe(cover)}: ${describe(element)}`);
        return;
      }
    }
  }

  function checkCovered(selector: string, what: string) {
    for (const element of root.querySelectorAll(selector)) {
      if (!visible(element)) continue;
      const cover = firstCover(element);
      if (cover) report(`${what} ${describe(element)} is covered by ${describe(cover)}`);
    }
  }

  /** Samples a 5×5 grid inside the element's box (inset by 2 px) for something else painted on top. */
  function firstCover(element: Element): Element | null {
    const rect = element.getBoundingClientRect();
    for (let row = 0; row < 5; row += 1) {
      for (let column = 0; column < 5; column += 1) {
        const x = rect.left + 2 + ((rect.width - 4) * column) / 4;
        const y = rect.top + 2 + ((rect.height - 4) * row) / 4;
        const cover = coveredBy(element, x, y);
        if (cover) return cover;
      }
    }
    return null;
  }

  function checkLines(block: Element, glyphs: Glyph[]) {
    const sorted = [...glyphs].sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left);
    const lines: Glyph[][] = [];
    for (const glyph of sorted) {
      const line = lines.at(-1);
      const lineBottom = line ? Math.max(...line.map((g) => g.rect.bottom)) : -Infinity;
      if (line && glyph.rect.top < lineBottom - glyph.rect.height / 2) line.push(glyph);
      else lines.push([glyph]);
    }
    if (lines.length < 2) return;
    const short = lines.find((line) => line.length <= 2);
    if (short) report(`a line of ${short.length} character${short.length === 1 ? '' : 's'} in ${lines.length} lines: ${describe(block)}`);
  }

  function checkTargets() {
    const interactive = root.querySelectorAll(
      'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=switch], [role=menuitem]',
    );
    for (const element of interactive) {
      if (!visible(element)) continue;
      const target = element.matches('input') ? (element.closest('label') ?? element) : element;
      const rect = target.getBoundingClientRect();
      if (Math.min(rect.width, rect.height) < minimums.targetPx - 0.5) {
        report(`target under ${minimums.targetPx} px (${Math.round(rect.width)}×${Math.round(rect.height)}): ${describe(target)}`);
      }
      const cover = firstCover(element);
      if (cover) report(`${describe(element)} is covered by ${describe(cover)}`);
    }
  }
}
