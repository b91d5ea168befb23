import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Permissions } from '../../../server/src/auth/permissions';
import type { AuthUser } from '../../../server/src/auth/service';
import { openTestDatabase, type TestDatabase } from '../../support/testDatabase';
import { ExportService, sheetBacklog } from '../../../server/src/reports/exportService';
import { addBulkAttendance, addOrganisation, insertUser } from '../../support/fixtures';
import { snapshotOpen as probe, snapshotStillOpen as stillOpen } from './snapshotProbe';

/** The export service on its own, without HTTP: what happens when nobody reads. */
let handle: TestDatabase;
let dir: string;
let user: AuthUser;
let organisationId: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kayoi-export-'));
  handle = await openTestDatabase(path.join(dir, 'kayoi.sqlite'));
  organisationId = await addOrganisation(handle.db);
  const { venueIds } = await addBulkAttendance(handle.db, organisationId, {
    venues: 2,
    sessionsPerVenue: 10,
    participants: 100,
    firstStartsAt: '2026-04-06T01:00:00Z',
  });
  const { id, email } = await insertUser(handle.db, { organisationId, role: 'organiser' });
  user = { id, email, displayName: email, role: 'organiser', organisationId, organisationName: '', venueIds };
});
afterEach(async () => {
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const snapshotOpen = () => probe(handle.db, () => handle.sqlite!);
const snapshotStillOpen = () => stillOpen(handle.db, () => handle.sqlite!);

const query = { from: '2026-04-01', to: '2026-06-30', venueIds: undefined };

describe('an export nobody reads', () => {
  it('is cut after the stall timeout, and its snapshot is closed', async () => {
    // 20,000 more rows (about 1.6 MB): far more than the stream's buffers hold, so the pump must wait for a reader
    // (2,000 rows, 160 KB, can slip into the buffers whole and end without waiting).
    const more = await addBulkAttendance(handle.db, organisationId, {
      venues: 2,
      sessionsPerVenue: 10,
      participants: 1000,
      firstStartsAt: '2026-04-06T01:00:00Z',
    });
    const reader = { ...user, venueIds: [...user.venueIds, ...more.venueIds] };
    const file = await new ExportService(handle.db, new Permissions(handle.db), { stallTimeoutMs: 1000 }).open(reader, query, 'csv');
    // Listening at once: the checkpoint below fsyncs, which on a busy disk can take longer than a short stall window.
    const failed = once(file.stream, 'error');
    expect(file.rows).toBe(22_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await snapshotOpen()).toBe(true);
    const [error] = (await failed) as [Error];
    expect(error.message).toContain('export stalled');
    expect(await snapshotStillOpen()).toBe(false);
  });

  it('stops reading when the stream is destroyed mid-way', async () => {
    const file = await new ExportService(handle.db, new Permissions(handle.db)).open(user, query, 'xlsx');
    await once(file.stream, 'readable');
    file.stream.destroy();
    expect(await snapshotStillOpen()).toBe(false);
  });

  it('finishes and closes its snapshot when read to the end', async () => {
    const file = await new ExportService(handle.db, new Permissions(handle.db)).open(user, query, 'xlsx');
    const chunks: Buffer[] = [];
    await pipeline(file.stream, new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) }));
    expect(await snapshotStillOpen()).toBe(false);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('出欠')!.rowCount).toBe(2001);
    expect(workbook.worksheets).toHaveLength(3);
  });
});

describe('XLSX backpressure', () => {
  it("finds where exceljs's sheet XML waits for zlib (if an upgrade moves it, rows would pile up in memory)", () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('出欠');
    sheet.addRow(['a', 1]).commit();
    const backlog = sheetBacklog(sheet);
    expect(backlog).toBeDefined();
    for (let i = 0; i < 5000; i++) sheet.addRow(['あいうえお', i]).commit();
    expect(backlog!._writableState.length).toBeGreaterThan(0);
  });
});
