import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEdges, folderCycles, folderGraph, ROOT_FOLDER } from '../support/folderGraph';

const CLIENT = path.join('client', 'src');

/**
 * The client's layers, bottom to top (README: architecture): a folder imports only folders below it. `call` is the
 * call engine (no React UI), `ui` the kit every screen uses, `features` one folder per feature as on the server,
 * `pages` the flows per user (home, venue, staff); App, routes and main sit at the top, in client/src itself.
 */
const LAYERS = ['i18n', 'lib', 'ui', 'call', 'features', 'pages', ROOT_FOLDER];

describe('the client’s folders', () => {
  const topLevel = folderGraph(CLIENT, 1);

  it('are the known layers and import only folders of a lower layer', () => {
    expect([...topLevel.folders].filter((folder) => !LAYERS.includes(folder))).toEqual([]);
    expect(describeEdges(topLevel, (from, to) => LAYERS.indexOf(from) <= LAYERS.indexOf(to))).toEqual([]);
  });

  it('import each other without cycles, also between features and between pages', () => {
    expect(folderCycles(topLevel)).toEqual([]);
    const features = folderGraph(path.join(CLIENT, 'features'), 1);
    expect(features.edges.size).toBeGreaterThan(0);
    expect(folderCycles(features)).toEqual([]);
    expect(folderCycles(folderGraph(path.join(CLIENT, 'pages'), 1))).toEqual([]);
  });
});

describe('the client’s Japan dates', () => {
  it('come from @shared/japanTime: no calendar arithmetic or JST offset of the client’s own', () => {
    const files = fs.readdirSync(CLIENT, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
    const ownArithmetic = files.filter((file) =>
      /setUTC(Date|Month|FullYear)\(|9 \* 60 \* 60 \* 1000|JST_OFFSET/.test(fs.readFileSync(path.join(CLIENT, file), 'utf8')),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(ownArithmetic).toEqual([]);
  });
});

describe('the client’s input bounds', () => {
  it('come from @shared/limits (the numbers the server checks): no maxLength written as a number of its own', () => {
    const files = fs.readdirSync(CLIENT, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.tsx'));
    const ownBounds = files.flatMap((file) =>
      [...fs.readFileSync(path.join(CLIENT, file), 'utf8').matchAll(/maxLength=\{\s*\d+\s*\}/g)].map((match) => `${file}: ${match[0]}`),
    );
    expect(files.length).toBeGreaterThan(50);
    expect(ownBounds).toEqual([]);
  });
});
