import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, users } from '../../../server/src/db/schema';
import { OrganisationSetup } from '../../../server/src/staff/organisations';
import { startTestApp, type TestApp } from '../../support/testApp';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app.close());

describe('creating an organisation (npm run admin -- create-organisation)', () => {
  it('two commands with the same email at once: one organisation and its organiser, the other refused with 409 on email', async () => {
    const setup = new OrganisationSetup(app.db.db, 'https://kayoi.example.jp');
    const results = await Promise.allSettled([
      setup.createOrganisation({ name: 'ひがし町', email: 'twice@example.jp' }),
      setup.createOrganisation({ name: 'にし町', email: 'twice@example.jp' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected')!;
    expect(refused.reason).toMatchObject({ code: 'CONFLICT', field: 'email', httpStatus: 409 });

    const accounts = await app.db.db
      .select({ organisationId: users.organisationId })
      .from(users)
      .where(eq(users.email, 'twice@example.jp'));
    expect(accounts).toHaveLength(1);
    const created = await app.db.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(inArray(organisations.name, ['ひがし町', 'にし町']));
    // The refused command's organisation was rolled back with it: only the created one is there.
    expect(created.map((row) => row.id)).toEqual([accounts[0]!.organisationId]);
  });
});
