import { holdLane } from './lane';

/**
 * The pages project's setup file (vite.config.ts): its browser files open no call, but they take the browser lane
 * all the same, one at a time with the call files. Beside a call file a second Chromium starved its real-time audio
 * on 2 cores (the telephone test heard too little of the browsers' tone in a clean-clone run).
 */
holdLane('browser');
