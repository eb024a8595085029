/** Words that hotel names carry or drop between an e-mail and Sedna (SEDNA_API.md). */
const NOISE_WORDS = new Set(['hotel', 'hotels', 'resort', 'resorts', 'spa', 'beach', 'the', 'and']);

/**
 * Characters whose nature normalisation cannot know (private use, unassigned, lone surrogates):
 * a name holding one has no key, so it matches nothing rather than matching without them.
 */
const UNKNOWN = /[\p{Co}\p{Cn}\p{Cs}]/u;

/** Invisible formatting (soft hyphen, zero-width joiners, BOM): removed without splitting words. */
const FORMAT = /\p{Cf}/gu;

/** A word: letters, combining marks and digits of every script. Everything else separates words. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Unicode case folding, one code point at a time (so that Greek final ς folds to σ like Σ, and
 * ß to ss like its capital SS), except for the Turkish i's, treated on purpose:
 *
 * - dotless ı stays ı: it is a letter of its own, and "Kızıl" and "Kizil" are different names;
 * - dotted İ folds to i, as does i followed by a combining dot above (the default lower case of
 *   İ): the dot of i is already there;
 * - I folds to i (the default, non-Turkish rule: English names are written in capitals too).
 *
 * So a Turkish name whose ı is written in capitals ("KIZIL") matches "Kizil", not "Kızıl": the
 * capital I cannot tell which of the two was meant, and a non-match (the operator adds a
 * mapping) is safe where a wrong match is not.
 */
function foldCase(text: string): string {
  let folded = '';
  for (const ch of text) {
    if (ch === 'ı') folded += ch;
    else if (ch === 'İ') folded += 'i';
    // Twice: one round can land on a letter that folds further (ẞ → ß → ss).
    else folded += ch.toUpperCase().toLowerCase().toUpperCase().toLowerCase();
  }
  return folded.replace(/i\u0307/g, 'i').normalize('NFKC');
}

/**
 * The key a hotel name is matched on: NFKC, case folded (see foldCase), words of letters, marks
 * and digits of every script joined by one space, noise words removed:
 * "The Mandarin Resort & Spa" → "mandarin", "Club Отель Алания" → "club отель алания".
 *
 * Only punctuation, symbols, spaces and invisible formatting differ between names of one key:
 * no letter or digit is ever dropped (accents and other combining marks are kept: "Côte" is not
 * "Cote", which a mapping can say). '' means the name has no usable key (nothing but noise words,
 * or characters of unknown nature): it matches nothing.
 */
export function normaliseHotelName(name: string): string {
  const text = name.normalize('NFKC');
  if (UNKNOWN.test(text)) return '';
  const words = foldCase(text).replace(FORMAT, '').match(WORD) ?? [];
  return words.filter((word) => !NOISE_WORDS.has(word)).join(' ');
}

export interface HotelCandidate {
  id: number;
  name: string;
}

function bigrams(text: string): Set<string> {
  const chars = Array.from(` ${text} `);
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i] + chars[i + 1]);
  return grams;
}

/** Dice coefficient over character bigrams of the normalised names: 0..1. */
export function nameSimilarity(a: string, b: string): number {
  const x = bigrams(normaliseHotelName(a));
  const y = bigrams(normaliseHotelName(b));
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return (2 * shared) / (x.size + y.size || 1);
}

/** The exact normalised match, if exactly one hotel has it; a name without a key matches none. */
export function findExactHotel<T extends HotelCandidate>(name: string, hotels: T[]): T | undefined {
  const wanted = normaliseHotelName(name);
  if (!wanted) return undefined;
  const matches = hotels.filter((h) => normaliseHotelName(h.name) === wanted);
  return matches.length === 1 ? matches[0] : undefined;
}

export function closestHotels<T extends HotelCandidate>(name: string, hotels: T[], count = 3): T[] {
  return hotels
    .map((hotel) => ({ hotel, score: nameSimilarity(name, hotel.name) }))
    .filter(({ score }) => score > 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .map(({ hotel }) => hotel);
}
