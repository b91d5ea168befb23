import { holdLane } from './lane';

/** The sfu project's setup file (vite.config.ts): its files one at a time, beside a browser file (tests/support/lane.ts). */
holdLane('sfu');
