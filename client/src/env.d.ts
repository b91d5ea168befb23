/**
 * True only in the browser tests' build of the client (`vite build --mode e2e`, see vite.config.ts and
 * call/testHooks.ts); false in the production build, which then drops every test hook.
 */
declare const __KAYOI_TEST_HOOKS__: boolean;
