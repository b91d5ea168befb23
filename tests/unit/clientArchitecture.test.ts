import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycle, folderGraph } from '../support/importGraph';

const CLIENT = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'client', 'src');

/**
 * The client's layers, bottom to top (README: architecture): a folder imports only folders below it. `call` is the
 * call engine (no React UI), `ui` the kit every screen uses, `features` one folder per feature as on the server,
 * `pages` the flows per user (home, venue, staff); App, routes and main sit at the top, in client/src itself.
 */
const LAYERS = ['i18n', 'lib', 'ui', 'call', 'features', 'pages', '(root)'];

describe('the client’s folders', () => {
  const topLevel = folderGraph(CLIENT, 1);

  it('import only folders of a lower layer', () => {
    const upward = [...topLevel.keys()].filter((edge) => {
      const [from, to] = edge.split(' -> ') as [string, string];
      expect(LAYERS, `${from} is not a known layer`).toContain(from);
      expect(LAYERS, `${to} is not a known layer`).toContain(to);
      return LAYERS.indexOf(from) <= LAYERS.indexOf(to);
    });
    expect(upward).toEqual([]);
  });

  it('import each other without cycles, also between features and between pages', () => {
    expect(findCycle(topLevel.keys())).toBeNull();
    const features = folderGraph(path.join(CLIENT, 'features'), 1);
    expect(features.size).toBeGreaterThan(0);
    expect(findCycle(features.keys())).toBeNull();
    expect(findCycle(folderGraph(path.join(CLIENT, 'pages'), 1).keys())).toBeNull();
  });
});
