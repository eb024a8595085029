/** Words that hotel names carry or drop between an e-mail and Sedna. */
const NOISE_WORDS = new Set([
  'hotel',
  'hotels',
  'resort',
  'resorts',
  'spa',
  'beach',
  'the',
  '&',
  'and',
]);

/** Case, accents, punctuation and noise words removed: "The Mandarin Resort & Spa" → "mandarin". */
export function normaliseHotelName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9& ]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word && !NOISE_WORDS.has(word))
    .join(' ');
}

export interface HotelCandidate {
  id: number;
  name: string;
}

function bigrams(text: string): Set<string> {
  const padded = ` ${text} `;
  const grams = new Set<string>();
  for (let i = 0; i < padded.length - 1; i++) grams.add(padded.slice(i, i + 2));
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

/** The exact normalised match, if exactly one hotel has it. */
export function findExactHotel<T extends HotelCandidate>(name: string, hotels: T[]): T | undefined {
  const wanted = normaliseHotelName(name);
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
