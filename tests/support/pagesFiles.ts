/**
 * The browser files that open no call (staff pages, forms, the screen check itself): no fake camera or microphone at
 * work, so one of them may run beside a browser file with a call, as a unit file does (vite.config.ts `projects`,
 * the 'pages' lane; tests/unit/testLayout.test.ts checks they join no call).
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
