import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import type { HotelMapping } from '../api/types';
import { useSession } from '../auth/session';
import { createHotelMapping, replaceHotelMapping } from '../lib/hotelMappings';
import type { HotelNotFound } from '../lib/hotelNotFound';
import { buttonClass } from '../lib/ui';
import { MappingConflictAlert } from './MappingConflictAlert';
import { SednaHotelPicker } from './SednaHotelPicker';

interface Props {
  problem: HotelNotFound;
  /** The Sedna hotel this name is already mapped to in this dialog, if any. */
  mappedTo: number | undefined;
  onMapped: (hotelName: string, sednaHotelId: number) => void;
}

/**
 * Saves a hotel mapping right where the failure is shown: a candidate, or any Sedna hotel picked
 * by name from Sedna's list.
 */
export function HotelMappingFix({ problem, mappedTo, onMapped }: Props) {
  const { api } = useSession();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [other, setOther] = useState<number | null>(null);
  /** The name is already mapped: the mapping that holds it, and the hotel the user picked. */
  const [conflict, setConflict] = useState<{ existing: HotelMapping; wanted: number } | null>(null);
  const otherField = useId();

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
    if (other !== null) void save(other);
    else setError('Pick a Sedna hotel from the list');
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
      <form className="space-y-2" onSubmit={submitOther}>
        <SednaHotelPicker id={otherField} value={other} onChange={setOther} />
        <button type="submit" className={buttonClass.secondary} disabled={saving || other === null}>
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
