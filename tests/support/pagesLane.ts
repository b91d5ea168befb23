import { holdLane } from './lane';

/**
 * The pages project's setup file (vite.config.ts): its browser files, which open no call (no fake camera or
 * microphone at work), one at a time, beside a browser file with a call, an sfu file or a unit file (tests/support/lane.ts).
 */
holdLane('pages');
