/**
 * The browser files that open no call (staff pages, forms, the screen check itself; vite.config.ts `projects`, the
 * 'pages' project; tests/unit/testLayout.test.ts checks they join no call). They hold the browser lane all the same
 * (vite.config.ts: their project's setup file is browserLane.ts): a second Chromium beside a call file starved its real-time audio on 2 cores.
 */
export const PAGES_FILES = [
  'tests/e2e/admin.e2e.test.ts',
  'tests/e2e/checkinQuestions.e2e.test.ts',
  'tests/e2e/devices/staff.e2e.test.ts',
  'tests/e2e/people.e2e.test.ts',
  'tests/e2e/programBuilder.e2e.test.ts',
  'tests/e2e/screenCheck.e2e.test.ts',
  'tests/e2e/staffAccess.e2e.test.ts',
  'tests/e2e/survey.e2e.test.ts',
];
