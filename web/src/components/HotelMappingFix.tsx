import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import type { HotelMapping } from '../api/types';
import { useSession } from '../auth/session';
import { createHotelMapping, replaceHotelMapping } from '../lib/hotelMappings';
import type { HotelNotFound } from '../lib/hotelNotFound';
import { buttonClass, inputClass } from '../lib/ui';
import { MappingConflictAlert } from './MappingConflictAlert';

interface Props {
  problem: HotelNotFound;
  /** The Sedna hotel this name is already mapped to in this dialog, if any. */
  mappedTo: number | undefined;
  onMapped: (hotelName: string, sednaHotelId: number) => void;
}

/** Saves a hotel mapping right where the failure is shown: a candidate, or any Sedna hotel id. */
export function HotelMappingFix({ problem, mappedTo, onMapped }: Props) {
  const { api } = useSession();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [otherId, setOtherId] = useState('');
  /** The name is already mapped: the mapping that holds it, and the hotel the user picked. */
  const [conflict, setConflict] = useState<{ existing: HotelMapping; wanted: number } | null>(null);
  const otherIdField = useId();

  const attempt = async (work: () => Promise<void>) => {
    setSaving(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const save = (sednaHotelId: number) =>
    attempt(async () => {
      const outcome = await createHotelMapping(api, problem.hotelName, sednaHotelId);
      if ('conflict' in outcome) setConflict({ existing: outcome.conflict, wanted: sednaHotelId });
      else onMapped(problem.hotelName, sednaHotelId);
    });

  /** Overwriting a mapping is always the user's explicit choice. */
  const replace = (existing: HotelMapping, sednaHotelId: number) =>
    attempt(async () => {
      await replaceHotelMapping(api, existing.id, problem.hotelName, sednaHotelId);
      setConflict(null);
      onMapped(problem.hotelName, sednaHotelId);
    });

  const submitOther = (event: FormEvent) => {
    event.preventDefault();
    const id = Number(otherId);
    if (Number.isInteger(id) && id > 0) void save(id);
    else setError('Enter a Sedna hotel id (a whole number above 0)');
  };

  if (mappedTo !== undefined) {
    return (
      <p role="status" className="mt-2 text-sm text-emerald-800">
        Mapped “{problem.hotelName}” to Sedna hotel {mappedTo}. Retry the failed items to sync it.
      </p>
    );
  }

  return (
    <div className="mt-2 space-y-2 rounded-md bg-slate-50 p-3">
      <p className="text-sm text-slate-700">
        Map “{problem.hotelName}” to a Sedna hotel so the retry finds it:
      </p>
      {problem.candidates.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {problem.candidates.map((candidate) => (
            <button
              key={candidate.sednaHotelId}
              type="button"
              className={buttonClass.secondary}
              disabled={saving}
              onClick={() => void save(candidate.sednaHotelId)}
            >
              Map to {candidate.name} ({candidate.sednaHotelId})
            </button>
          ))}
        </div>
      )}
      <form className="flex flex-wrap items-end gap-2" onSubmit={submitOther}>
        <div>
          <label htmlFor={otherIdField} className="block text-xs font-medium text-slate-600">
            Other Sedna hotel id
          </label>
          <input
            id={otherIdField}
            className={`${inputClass} w-32`}
            inputMode="numeric"
            value={otherId}
            onChange={(event) => setOtherId(event.target.value)}
          />
        </div>
        <button type="submit" className={buttonClass.secondary} disabled={saving || !otherId}>
          Save mapping
        </button>
      </form>
      {conflict && (
        <MappingConflictAlert
          existing={conflict.existing}
          wanted={conflict.wanted}
          busy={saving}
          compact
          onReplace={() => void replace(conflict.existing, conflict.wanted)}
          onKeep={() => setConflict(null)}
        />
      )}
      {error && (
        <p role="alert" className="text-sm text-red-800">
          Could not save the mapping: {error}
        </p>
      )}
    </div>
  );
}
