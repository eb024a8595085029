import { Badge } from './Badge';
import { useCallback, useId, useState, type FormEvent } from 'react';
import type { HotelMapping } from '../api/types';
import { useSession } from '../auth/session';
import { useResource } from '../hooks/useResource';
import { formatDateTime } from '../lib/format';
import { invalidProps, problemsOf } from '../lib/fieldErrors';
import { createHotelMapping, replaceHotelMapping, sednaHotelLabel } from '../lib/hotelMappings';
import { buttonClass, cardClass, inputClass } from '../lib/ui';
import { EmptyState, ErrorAlert, Loading, SuccessNotice } from './Feedback';
import { FormField } from './FormField';
import { MappingConflictAlert } from './MappingConflictAlert';
import { SednaHotelPicker } from './SednaHotelPicker';

type MappingField = 'hotel_name' | 'sedna_hotel_id';
const MAPPING_FIELDS: readonly MappingField[] = ['hotel_name', 'sedna_hotel_id'];

/**
 * Hotel names as written in e-mails → Sedna hotels (picked by name from Sedna's list), for names
 * fuzzy matching cannot place.
 */
export function HotelMappingsPanel() {
  const { api } = useSession();
  const mappings = useResource(() => api.get<HotelMapping[]>('/api/hotel-mappings'), [api]);
  const [hotelName, setHotelName] = useState('');
  const [sednaHotelId, setSednaHotelId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<MappingField, string>>>({});
  const chooseHotel = useCallback((hotelId: number | null) => setSednaHotelId(hotelId), []);
  const [notice, setNotice] = useState<string | null>(null);
  /** The form's name is already mapped: the mapping that holds it, and the id the user typed. */
  const [conflict, setConflict] = useState<{
    existing: HotelMapping;
    name: string;
    wanted: number;
  } | null>(null);
  const nameId = useId();
  const hotelId = useId();
  const titleId = useId();

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    setNotice(null);
    setConflict(null);
    try {
      setNotice(await work());
      mappings.reload();
    } catch (err) {
      const { byField, rest } = problemsOf(err, MAPPING_FIELDS);
      setFieldErrors(byField);
      setError(rest.length ? rest.join('; ') : null);
    } finally {
      setBusy(false);
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (sednaHotelId === null) {
      setFieldErrors({ sedna_hotel_id: 'Pick the hotel in Sedna’s list' });
      return;
    }
    const wanted = sednaHotelId;
    void run(async () => {
      const name = hotelName.trim();
      const outcome = await createHotelMapping(api, name, wanted);
      if ('conflict' in outcome) {
        setConflict({ existing: outcome.conflict, name, wanted });
        return null;
      }
      setHotelName('');
      return `Saved: “${outcome.saved.hotel_name}” → ${sednaHotelLabel(outcome.saved)}.`;
    });
  };

  /** Overwriting a mapping is always the user's explicit choice. */
  const replace = (existing: HotelMapping, name: string, wanted: number) =>
    run(async () => {
      const saved = await replaceHotelMapping(api, existing.id, name, wanted);
      setHotelName('');
      return `Replaced: “${saved.hotel_name}” → ${sednaHotelLabel(saved)}.`;
    });

  const remove = (mapping: HotelMapping) =>
    run(async () => {
      await api.send('DELETE', `/api/hotel-mappings/${mapping.id}`);
      return `Removed the mapping of “${mapping.hotel_name}”.`;
    });

  const rows = mappings.data ?? [];
  return (
    <section className={`${cardClass} space-y-4 p-5`} aria-labelledby={titleId}>
      <div>
        <h2 id={titleId} className="text-lg font-semibold">
          Hotel mappings
        </h2>
        <p className="text-sm text-slate-600">
          Names are matched without case, punctuation and words like “hotel” or “resort”; every
          letter counts, in any script (accents too).
        </p>
      </div>
      <form className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2" onSubmit={add}>
        <FormField id={nameId} label="Hotel name in e-mails" error={fieldErrors.hotel_name}>
          <input
            id={nameId}
            className={inputClass}
            required
            maxLength={200}
            {...invalidProps(nameId, fieldErrors.hotel_name)}
            value={hotelName}
            onChange={(event) => setHotelName(event.target.value)}
          />
        </FormField>
        <SednaHotelPicker
          id={hotelId}
          value={sednaHotelId}
          onChange={chooseHotel}
          error={fieldErrors.sedna_hotel_id}
        />
        <div className="sm:col-span-2 sm:text-right">
          <button type="submit" className={buttonClass.primary} disabled={busy}>
            Add mapping
          </button>
        </div>
      </form>
      {conflict && (
        <MappingConflictAlert
          existing={conflict.existing}
          wanted={conflict.wanted}
          busy={busy}
          onReplace={() => void replace(conflict.existing, conflict.name, conflict.wanted)}
          onKeep={() => setConflict(null)}
        />
      )}
      {error && <ErrorAlert title="Not saved" message={error} />}
      {notice && <SuccessNotice>{notice}</SuccessNotice>}
      {mappings.error && (
        <ErrorAlert
          title="Could not load the mappings"
          message={mappings.error}
          onRetry={mappings.reload}
        />
      )}
      {!mappings.data && !mappings.error && <Loading label="Loading mappings…" />}
      {mappings.data && rows.length === 0 && (
        <EmptyState title="No hotel mappings yet">
          Add one here, or from a failed item in a sync result.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Hotel mappings</caption>
            <thead className="border-b border-slate-200 text-xs tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Hotel name
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Matched as
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Sedna hotel id
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Name in Sedna
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Added
                </th>
                <th scope="col" className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((mapping) => (
                <tr key={mapping.id}>
                  <td className="py-2 pr-4 font-medium">{mapping.hotel_name}</td>
                  <td className="py-2 pr-4 font-mono text-xs text-slate-700">
                    {mapping.normalized_name}
                  </td>
                  <td className="py-2 pr-4 tabular-nums">{mapping.sedna_hotel_id}</td>
                  <td className="py-2 pr-4">
                    {mapping.sedna_hotel_name ?? '—'}{' '}
                    {mapping.stale && (
                      <Badge tone="warning">
                        Stale · not used: the current Sedna lists no such hotel
                      </Badge>
                    )}
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap text-slate-600">
                    {formatDateTime(mapping.created_at)}
                  </td>
                  <td className="py-2 text-right">
                    <button
                      type="button"
                      className={buttonClass.danger}
                      disabled={busy}
                      onClick={() => void remove(mapping)}
                    >
                      Delete<span className="sr-only"> mapping of {mapping.hotel_name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
