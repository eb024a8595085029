import { useEffect, useState } from 'react';
import type { SednaHotelList } from '../api/types';
import { useSession } from '../auth/session';
import { useResource } from '../hooks/useResource';
import { invalidProps } from '../lib/fieldErrors';
import { inputClass, labelClass } from '../lib/ui';
import { FormField } from './FormField';

const LISTED = 20;
const TYPING_PAUSE_MS = 250;

/**
 * Sedna's hotel for a mapping, chosen by name: a search box over Sedna's active hotels
 * (GET /api/settings/sedna/hotels) and the matches to pick from. `value` is the chosen id.
 */
export function SednaHotelPicker({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: number | null;
  onChange: (hotelId: number | null) => void;
  error?: string;
}) {
  const { api } = useSession();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const hotels = useResource(
    () =>
      api.get<SednaHotelList>(
        `/api/settings/sedna/hotels?${new URLSearchParams({ search, limit: String(LISTED) })}`,
      ),
    [api, search],
  );
  const items = hotels.data?.items ?? [];
  const chosenListed = value !== null && items.some((hotel) => hotel.id === value);

  // A search that no longer lists the chosen hotel un-chooses it: what is saved is what is shown.
  useEffect(() => {
    if (hotels.data && value !== null && !chosenListed) onChange(null);
  }, [hotels.data, value, chosenListed, onChange]);

  const total = hotels.data?.total ?? 0;
  const status = hotels.error
    ? hotels.error
    : !hotels.data
      ? 'Loading Sedna’s hotels…'
      : total === 0
        ? 'No active Sedna hotel matches.'
        : total > items.length
          ? `${items.length} of ${total} hotels shown: type to narrow.`
          : `${total} ${total === 1 ? 'hotel' : 'hotels'}.`;

  return (
    <div className="min-w-0 space-y-2">
      <div>
        <label htmlFor={`${id}-search`} className={labelClass}>
          Search Sedna hotels
        </label>
        <input
          id={`${id}-search`}
          type="search"
          className={`${inputClass} mt-1`}
          placeholder="Name or id"
          maxLength={200}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </div>
      <FormField id={id} label="Sedna hotel" hint={status} error={error}>
        <select
          id={id}
          className={inputClass}
          required
          size={Math.min(Math.max(items.length, 2), 6)}
          {...invalidProps(id, error, true)}
          value={chosenListed ? String(value) : ''}
          onChange={(event) => onChange(event.target.value ? Number(event.target.value) : null)}
        >
          {items.map((hotel) => (
            <option key={hotel.id} value={hotel.id}>
              {hotel.name} ({hotel.id})
            </option>
          ))}
        </select>
      </FormField>
    </div>
  );
}
