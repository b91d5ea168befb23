/**
 * Benchmark 6: client weight — gzipped JS + CSS a page downloads before it is usable, measured in Chromium
 * against the real server serving a fresh production build.
 *
 * "Usable" is honest: for the home participant's page (/j/<token>) it is when pressing 参加する has joined the
 * call (status "connected") after pressing it as soon as it appeared, so the lazily loaded mediasoup-client chunk
 * counts; the same for the venue page (はじめる, signed in as the host); the organiser's page (/admin) when the
 * network has been idle for half a second after signing in.
 *
 * Exits non-zero and says so loudly when the home participant's page exceeds its budget.
 *
 *   npx tsx tests/bench/client-weight.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ensureClientBuild } from './lib/clientBuild';
import { runBench, type BenchResult } from './lib/report';
import { startServerProcess } from './lib/serverProcess';
import { fmt, median } from './lib/stats';

const HOME_BUDGET_BYTES = 200_000; // 200 KB (1 KB = 1,000 bytes), gzipped
const RUNS = 3;
const GZIP_LEVEL = 6;

interface Loaded {
  file: string;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  /** Loaded before the join button appeared (or before the page settled, for staff pages). */
  phase: 'before button' | 'after click';
  servedEncoding: string;
}

interface PageWeight {
  page: string;
  files: Loaded[];
  gzipTotal: number;
  rawTotal: number;
  brotliTotal: number;
  readyMs: number;
  note: string;
}

async function measure(context: BrowserContext, distDir: string, url: string, kind: 'call' | 'staff'): Promise<PageWeight> {
  const page = await context.newPage();
  const loaded: Loaded[] = [];
  let phase: Loaded['phase'] = 'before button';
  const sizes = new Map<string, { raw: number; gzip: number; brotli: number }>();
  page.on('response', (response) => {
    const pathname = new URL(response.url()).pathname;
    if (!/\.(js|css)$/.test(pathname)) return;
    const file = path.join(distDir, pathname);
    let size = sizes.get(file);
    if (!size && fs.existsSync(file)) {
      const content = fs.readFileSync(file);
      size = {
        raw: content.length,
        gzip: zlib.gzipSync(content, { level: GZIP_LEVEL }).length,
        brotli: zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
      sizes.set(file, size);
    }
    loaded.push({
      file: pathname,
      rawBytes: size?.raw ?? 0,
      gzipBytes: size?.gzip ?? 0,
      brotliBytes: size?.brotli ?? 0,
      phase,
      servedEncoding: response.headers()['content-encoding'] ?? 'none',
    });
  });
  const start = Date.now();
  await page.goto(url);
  let note: string;
  if (kind === 'call') {
    const button = page.getByTestId('join-button');
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    phase = 'after click';
    await button.click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="call-status"]')?.getAttribute('data-state') === 'connected',
      undefined,
      { timeout: 30_000 },
    );
    note = 'join button pressed as soon as visible; counted until the call is connected';
  } else {
    await page.waitForLoadState('networkidle', { timeout: 30_000 });
    const notFound = await page.getByTestId('not-found').count();
    note = notFound > 0 ? 'the page showed "not found": no organiser page in this build' : 'counted until the network was idle';
  }
  const readyMs = Date.now() - start;
  await page.close();
  const unique = [...new Map(loaded.map((l) => [l.file, l])).values()];
  return {
    page: url,
    files: unique,
    gzipTotal: unique.reduce((s, l) => s + l.gzipBytes, 0),
    rawTotal: unique.reduce((s, l) => s + l.rawBytes, 0),
    brotliTotal: unique.reduce((s, l) => s + l.brotliBytes, 0),
    readyMs,
    note,
  };
}

async function main(): Promise<BenchResult> {
  const build = ensureClientBuild();
  const server = await startServerProcess({ clientDistDir: build.dir, workers: 1 });
  const browser = await launchChromium();
  try {
    const invites = await server.addParticipants(RUNS);
    const host = server.demo.newAccounts.find((a) => a.role === 'host')!;
    const organiser = server.demo.newAccounts.find((a) => a.role === 'organiser')!;
    const signedIn = async (account: { email: string; password: string }) => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const response = await context.request.post(`${server.url}/api/auth/login`, {
        data: { email: account.email, password: account.password },
      });
      if (!response.ok()) throw new Error(`login failed: ${response.status()}`);
      return context;
    };

    const runs: Record<'home' | 'venue' | 'organiser', PageWeight[]> = { home: [], venue: [], organiser: [] };
    for (let run = 0; run < RUNS; run++) {
      let context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      runs.home.push(await measure(context, build.dir, `${server.url}/j/${invites[run]!.token}`, 'call'));
      await context.close();
      context = await signedIn(host);
      runs.venue.push(await measure(context, build.dir, `${server.url}/venue/${server.demo.sessionId}`, 'call'));
      await context.close();
      context = await signedIn(organiser);
      runs.organiser.push(await measure(context, build.dir, `${server.url}/admin`, 'staff'));
      await context.close();
    }
    // Is anything compressed on the wire? (Accept-Encoding as a browser sends it.)
    // The largest script: tiny chunks (≤ 1 KB) are deliberately not precompressed.
    const entry = runs.home[0]!.files.filter((f) => f.file.endsWith('.js')).sort((a, b) => b.rawBytes - a.rawBytes)[0]!;
    const probe = await fetch(`${server.url}${entry.file}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const servedEncoding = probe.headers.get('content-encoding') ?? 'none';
    await probe.arrayBuffer();

    const summary = (key: keyof typeof runs) => {
      const list = runs[key];
      const last = list.at(-1)!;
      return {
        gzip: median(list.map((w) => w.gzipTotal)),
        raw: median(list.map((w) => w.rawTotal)),
        brotli: median(list.map((w) => w.brotliTotal)),
        readyMs: median(list.map((w) => w.readyMs)),
        last,
      };
    };
    const home = summary('home');
    const venue = summary('venue');
    const organiser2 = summary('organiser');
    const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;
    const homeOver = home.gzip > HOME_BUDGET_BYTES;
    const lazyOnHome = home.last.files.filter((f) => f.phase === 'after click');
    const beforeButton = home.last.files.filter((f) => f.phase === 'before button').reduce((s, f) => s + f.gzipBytes, 0);

    return {
      id: 'client-weight',
      title: '6. Client weight (gzipped JS + CSS before the page is usable)',
      headline: [
        {
          metric: 'home participant page /j/<token>, until 参加する has joined',
          value: `${kb(home.gzip)} gzip (${kb(home.raw)} raw, ${kb(home.brotli)} brotli)`,
          target: `< ${HOME_BUDGET_BYTES / 1000} KB (hard limit)`,
          pass: !homeOver,
        },
        { metric: 'venue page /venue/<session>, until はじめる has joined', value: `${kb(venue.gzip)} gzip (${kb(venue.raw)} raw)` },
        { metric: 'organiser page /admin, signed in, until idle', value: `${kb(organiser2.gzip)} gzip (${kb(organiser2.raw)} raw)` },
        { metric: 'content-encoding the server sends for JS', value: servedEncoding },
      ],
      tables: [
        {
          title: `per page, medians of ${RUNS} loads in fresh contexts (gzip level ${GZIP_LEVEL}; 1 KB = 1,000 bytes)`,
          columns: ['page', 'JS+CSS gzip KB', 'raw KB', 'brotli KB', 'files', 'ready ms', 'budget', 'result'],
          rows: [
            [
              'home participant /j/<token>',
              fmt(home.gzip / 1000, 1),
              fmt(home.raw / 1000, 1),
              fmt(home.brotli / 1000, 1),
              home.last.files.length,
              fmt(home.readyMs, 0),
              `${HOME_BUDGET_BYTES / 1000} KB`,
              homeOver ? 'FAIL' : 'PASS',
            ],
            [
              'venue /venue/<session> (host)',
              fmt(venue.gzip / 1000, 1),
              fmt(venue.raw / 1000, 1),
              fmt(venue.brotli / 1000, 1),
              venue.last.files.length,
              fmt(venue.readyMs, 0),
              '—',
              '—',
            ],
            [
              'organiser /admin',
              fmt(organiser2.gzip / 1000, 1),
              fmt(organiser2.raw / 1000, 1),
              fmt(organiser2.brotli / 1000, 1),
              organiser2.last.files.length,
              fmt(organiser2.readyMs, 0),
              '—',
              '—',
            ],
          ],
        },
        ...(['home', 'venue', 'organiser'] as const).map((key) => ({
          title: `files loaded by the ${key} page (${runs[key].at(-1)!.note})`,
          columns: ['file', 'gzip KB', 'raw KB', 'loaded'],
          rows: runs[key]
            .at(-1)!
            .files.map((f) => [
              f.file,
              fmt(f.gzipBytes / 1000, 1),
              fmt(f.rawBytes / 1000, 1),
              f.phase === 'before button'
                ? key === 'organiser'
                  ? 'page load'
                  : 'before the button showed'
                : 'after the click (needed to join)',
            ]),
        })),
      ],
      method: [
        'A fresh production build (vite build into a temporary folder, not dist/client) served by the real server (tests/support/testServer.ts in a child process). Debian Chromium (playwright-core, fake camera and microphone) opens each page in a fresh context (empty cache) and records every .js and .css response; sizes are the built files compressed here with gzip level 6 (and brotli 11 for reference), since the server itself does not compress.',
        'Home: /j/<token> of a new participant, 参加する pressed as soon as it is visible, counted until the call status is "connected" — so whatever the join needs (the mediasoup-client chunk, prefetched while the lobby is open) counts. Venue: signed in as the host (POST /api/auth/login in the browser context), はじめる, same rule. Organiser: signed in, /admin until the network is idle.',
        `${RUNS} loads per page; medians. The home page fails the benchmark run (non-zero exit) above ${HOME_BUDGET_BYTES / 1000} KB.`,
      ],
      findings: [
        `The home participant downloads ${kb(home.gzip)} gzipped (${homeOver ? 'OVER' : 'under'} the ${HOME_BUDGET_BYTES / 1000} KB budget): ${kb(beforeButton)} before the button shows${lazyOnHome.length > 0 ? ` and ${kb(lazyOnHome.reduce((s, f) => s + f.gzipBytes, 0))} more after the click (${lazyOnHome.map((f) => f.file).join(', ')})` : ''}.`,
        servedEncoding === 'none'
          ? `The server sends JS and CSS uncompressed (no content-encoding even when the browser asks for gzip/br): on the wire the home page is ${kb(home.raw)}, not ${kb(home.gzip)}, unless a reverse proxy compresses. For older adults on phone data, serve compressed: e.g. precompress at build time (.gz/.br next to each asset) and serve them with @fastify/static's preCompressed option, or register @fastify/compress; and the README's deployment section should say so for proxies.`
          : `The server compresses JS (${servedEncoding}).`,
      ],
      further: [
        'Time to interactive on a low-end Android phone over a throttled 3G/4G profile (Chromium CPU and network throttling through CDP) would turn bytes into seconds.',
      ],
      raw: { runs, servedEncoding, buildDir: build.built ? 'temporary build' : build.dir },
      ...(homeOver
        ? { hardFail: `home participant page is ${kb(home.gzip)} gzipped, over the ${HOME_BUDGET_BYTES / 1000} KB budget` }
        : {}),
    };
  } finally {
    await browser.close();
    await server.close();
    build.cleanup();
  }
}

runBench(main);
