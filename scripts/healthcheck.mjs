#!/usr/bin/env node
// Asks a running Kayoi server whether it is healthy: GET /api/health must answer 200 within the timeout.
// Exit status 0 when it does, 1 when it does not (for systemd, a load balancer or a cron job).
//
//   node scripts/healthcheck.mjs [--url URL] [--timeout-ms N] [--attempts N] [--wait-s N]
//
// --url         default http://127.0.0.1:$PORT/api/health (PORT defaults to 3000), KAYOI_HEALTH_URL overrides
// --timeout-ms  how long one answer may take (default 5000)
// --attempts    unhealthy only after this many failed checks in a row, 5 s apart (default 1)
// --wait-s      keep trying for up to this long (a server that is starting); healthy at the first answer
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    'timeout-ms': { type: 'string', default: '5000' },
    attempts: { type: 'string', default: '1' },
    'wait-s': { type: 'string', default: '0' },
  },
});
const url = values.url ?? process.env.KAYOI_HEALTH_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/api/health`;
const timeoutMs = Number(values['timeout-ms']);
const attempts = Number(values.attempts);
const deadline = Date.now() + Number(values['wait-s']) * 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function checkOnce() {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 200) return null;
    return `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
  } catch (error) {
    return error instanceof Error ? (error.cause?.code ?? error.message) : String(error);
  }
}

let failures = 0;
for (;;) {
  const problem = await checkOnce();
  if (problem === null) {
    console.log(`healthy: ${url}`);
    process.exit(0);
  }
  failures += 1;
  if (Date.now() < deadline) {
    await sleep(250);
    continue;
  }
  if (failures >= attempts) {
    console.error(`unhealthy: ${url}: ${problem}`);
    process.exit(1);
  }
  await sleep(5000);
}
