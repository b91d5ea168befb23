import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertSupportedNode, isSupportedNode, MIN_NODE_VERSION } from '../../../server/src/core/runtime';

const packageJson = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const pinned = fs.readFileSync('.nvmrc', 'utf8').trim();

describe('the Node.js runtime', () => {
  it('the server’s minimum is package.json’s engines, and the version setup provides (.nvmrc) meets it', () => {
    expect(packageJson.engines.node).toBe(`>=${MIN_NODE_VERSION.replace(/\.0$/, '')}`);
    expect(isSupportedNode(pinned)).toBe(true);
  });

  it('the tests run on a supported Node.js (the one npm run setup provides on an older machine)', () => {
    expect(isSupportedNode(process.versions.node)).toBe(true);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  it('refuses Node.js 20 with a message that says what to do', () => {
    expect(isSupportedNode('20.20.2')).toBe(false);
    expect(isSupportedNode('22.11.9')).toBe(false);
    expect(isSupportedNode('22.12.0')).toBe(true);
    expect(isSupportedNode('v24.22.3')).toBe(true);
    expect(() => assertSupportedNode('20.20.2')).toThrow(/needs Node\.js 22\.12\.0 or newer.*npm start/);
  });
});
