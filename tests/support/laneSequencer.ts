import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The project whose files drive Chromium (vite.config.ts): never two at once (tests/support/browserLane.ts holds them to that). */
const BROWSER_PROJECT = 'e2e';

/**
 * The order of the files (vitest's own: longest first from the last run), rearranged so that a group holding browser
 * files and others (vite.config.ts: the sfu files share the browser files' group, two workers) overlaps them: the
 * first browser file, then the other files, then the remaining browser files. The pool takes files in this order as
 * its two workers free up, so one worker goes through the browser files while the other goes through the sfu files
 * (which mostly wait on real-time audio); a browser file only waits for another (browserLane.ts) once no other file is
 * left. Vitest's own order would put every browser file first (`e2e` < `sfu`) and keep a worker idle behind the lock.
 */
export class LaneSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const groups = new Map<number, TestSpecification[]>();
    for (const spec of sorted) {
      const order = spec.project.config.sequence.groupOrder;
      groups.set(order, [...(groups.get(order) ?? []), spec]);
    }
    return [...groups.keys()]
      .sort((a, b) => a - b)
      .flatMap((order) => {
        const specs = groups.get(order)!;
        const browser = specs.filter((spec) => spec.project.name === BROWSER_PROJECT);
        const others = specs.filter((spec) => spec.project.name !== BROWSER_PROJECT);
        if (browser.length === 0 || others.length === 0) return specs;
        return [browser[0]!, ...others, ...browser.slice(1)];
      });
  }
}
