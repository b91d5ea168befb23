import { DEMO_ORGANISATION_ID, DEMO_VENUE_2_ID } from '../../server/src/demo/seed';
import { signedInUser } from './fixtures';
import { createOtherOrganisation } from './otherOrganisation';
import type { TestApp } from './testApp';
import type { TestServer } from './testServer';

export type OtherOrganisation = Awaited<ReturnType<typeof createOtherOrganisation>>;

/**
 * The staff an access test signs in as (cookies): the demo organiser, the demo host (demo venue 1), a host of
 * demo venue 2 only, and a second organisation B with its own organiser.
 */
export async function demoStaff(server: TestApp | TestServer) {
  return {
    organiser: await server.login('organiser'),
    host: await server.login('host'),
    otherVenueHost: (
      await signedInUser(server.db.db, server, { organisationId: DEMO_ORGANISATION_ID, role: 'host', venueIds: [DEMO_VENUE_2_ID] })
    ).cookie,
    other: await createOtherOrganisation(server),
  };
}
