import type { HotelMapping } from '../api/types';
import { sednaHotelLabel } from '../lib/hotelMappings';
import { buttonClass } from '../lib/ui';

/**
 * A mapping already covers the name: nothing was changed; replacing it with Sedna hotel `wanted`
 * is an explicit second click, keeping it dismisses the question.
 */
export function MappingConflictAlert({
  existing,
  wanted,
  busy,
  compact = false,
  onReplace,
  onKeep,
}: {
  existing: HotelMapping;
  wanted: number;
  busy: boolean;
  compact?: boolean;
  onReplace: () => void;
  onKeep: () => void;
}) {
  return (
    <div
      role="alert"
      className={`space-y-2 rounded-md bg-amber-50 ${compact ? 'p-2' : 'p-3'} text-sm text-amber-900`}
    >
      <p>
        “{existing.hotel_name}” already maps this name to {sednaHotelLabel(existing)}. Nothing was
        changed.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={onReplace}>
          Replace it with Sedna hotel {wanted}
        </button>
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={onKeep}>
          Keep the existing mapping
        </button>
      </div>
    </div>
  );
}
