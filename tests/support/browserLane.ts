import { holdLane } from './lane';

/** The browser project's setup file (vite.config.ts): its files one at a time (tests/support/lane.ts). */
holdLane('browser');
