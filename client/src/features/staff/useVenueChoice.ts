import { useState } from 'react';

/** The venues ticked in a staff form, in the organisation's order, and one toggle per checkbox. */
export function useVenueChoice(venues: readonly { id: string }[], initial: () => Iterable<string>) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(initial()));
  const toggle = (venueId: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(venueId);
      else next.delete(venueId);
      return next;
    });
  const chosenIds = () => venues.filter((venue) => chosen.has(venue.id)).map((venue) => venue.id);
  return { chosen, toggle, chosenIds };
}
