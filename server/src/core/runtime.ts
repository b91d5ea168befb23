/** The oldest Node.js the server runs on: package.json's `engines.node` (a test keeps the two in step). */
export const MIN_NODE_VERSION = '22.12.0';

function parts(version: string): number[] {
  return version.replace(/^v/, '').split('.').map(Number);
}

export function isSupportedNode(version: string): boolean {
  const have = parts(version);
  const need = parts(MIN_NODE_VERSION);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** Refuses an old Node.js with a message that says what to do, before a native module fails in a stranger way. */
export function assertSupportedNode(version = process.versions.node): void {
  if (isSupportedNode(version)) return;
  throw new Error(
    `Kayoi needs Node.js ${MIN_NODE_VERSION} or newer and this is ${version}. Run it through npm (npm start), which uses the Node.js that npm run setup provides, or install a Node.js LTS.`,
  );
}
