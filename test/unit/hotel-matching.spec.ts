import fc from 'fast-check';
import {
  closestHotels,
  findExactHotel,
  nameSimilarity,
  normaliseHotelName,
} from '../../src/sedna/hotel-matching';

/** Runs per property; the report quotes them. */
const RUNS = 2000;

describe('normaliseHotelName', () => {
  it.each([
    ['The Mandarin Resort & Spa', 'mandarin'],
    ['STOP SALE Grand   Paradise', 'stop sale grand paradise'],
    ['Grand Paradise Resort', 'grand paradise'],
    ['grand-paradise hotel', 'grand paradise'],
    ['Côte d’Azur Beach Hotel', 'côte d azur'],
    ['Kızılağaç Hotels', 'kızılağaç'],
    ['Hotel 5 Stars', '5 stars'],
    ['Club Отель Алания', 'club отель алания'],
    ['فندق شاطئ الشمس', 'فندق شاطئ الشمس'],
    ['ΞΕΝΟΔΟΧΕΊΟ ΉΛΙΟΣ', 'ξενοδοχείο ήλιοσ'],
    ['Ｇｒａｎｄ　Ｐａｒａｄｉｓｅ', 'grand paradise'],
    ['Grand\u00adParadise', 'grandparadise'],
    ['The Hotel & Spa', ''],
    ['', ''],
  ])('%j → %j', (name, expected) => {
    expect(normaliseHotelName(name)).toBe(expected);
  });

  it('gives the same key to spellings of one hotel', () => {
    const keys = ['Mandarin Resort', 'MANDARIN', 'The Mandarin Hotel & Spa', ' mandarin. '].map(
      normaliseHotelName,
    );
    expect(new Set(keys)).toEqual(new Set(['mandarin']));
  });

  it('keeps the Cyrillic words that tell the reported hotels apart', () => {
    const alania = normaliseHotelName('Club Отель Алания');
    const kemer = normaliseHotelName('Club Отель Кемер');
    expect(alania).not.toBe(kemer);
    expect(normaliseHotelName('CLUB ОТЕЛЬ АЛАНИЯ')).toBe(alania);
    expect(findExactHotel('Club Отель Кемер', [{ id: 312, name: 'Club Отель Алания' }])).toBe(
      undefined,
    );
    expect(findExactHotel('club отель алания!', [{ id: 312, name: 'Club Отель Алания' }])?.id).toBe(
      312,
    );
  });

  it('counts Arabic letters and their diacritics', () => {
    const sun = normaliseHotelName('فندق شاطئ الشمس');
    expect(normaliseHotelName('فندق شاطئ القمر')).not.toBe(sun);
    expect(normaliseHotelName('فندق، شاطئ - الشمس')).toBe(sun);
    // Vowel marks (harakat) are kept: a name written with them is not merged with one without.
    expect(normaliseHotelName('فُنْدُق')).not.toBe(normaliseHotelName('فندق'));
  });

  it('folds Greek case, final sigma included, and keeps the accents', () => {
    expect(normaliseHotelName('ΉΛΙΟΣ')).toBe(normaliseHotelName('Ήλιος'));
    expect(normaliseHotelName('Ήλιος')).not.toBe(normaliseHotelName('Ηλιος'));
    expect(normaliseHotelName('Ήλιος')).not.toBe(normaliseHotelName('Ηλιοι'));
  });

  it('treats the Turkish i’s as documented: ı is a letter of its own, İ is i', () => {
    const key = normaliseHotelName;
    expect(key('Kızılağaç')).not.toBe(key('Kizilağaç'));
    expect(key('Kızılağaç')).not.toBe(key('Kizilagac'));
    expect(key('Kizilağaç')).not.toBe(key('Kizilagac'));
    expect(new Set(['İstanbul', 'istanbul', 'ISTANBUL', 'i\u0307stanbul'].map(key)).size).toBe(1);
    // Capital I cannot tell ı from i: it reads as i, so the capitals do not match ı spellings.
    expect(key('KIZILAĞAÇ')).toBe(key('kizilağaç'));
    expect(key('KIZILAĞAÇ')).not.toBe(key('Kızılağaç'));
  });

  it('gives no key to names with characters of unknown nature', () => {
    expect(normaliseHotelName('Club \uE000')).toBe('');
    expect(normaliseHotelName('Club \u0378')).toBe('');
    expect(normaliseHotelName('Club \uD800')).toBe('');
  });
});

describe('hotel matching', () => {
  const hotels = [
    { id: 18, name: 'Grand Paradise Resort' },
    { id: 19, name: 'Grand Palace Hotel' },
    { id: 20, name: 'Mandarin Beach Resort' },
    { id: 21, name: 'Sea Breeze' },
  ];

  it('scores identical normalised names 1 and unrelated ones low', () => {
    expect(nameSimilarity('Grand Paradise Hotel', 'grand paradise resort')).toBe(1);
    expect(nameSimilarity('Mandarin', 'Sea Breeze')).toBeLessThan(0.3);
  });

  it('finds the one hotel whose normalised name matches exactly', () => {
    expect(findExactHotel('THE GRAND PARADISE', hotels)?.id).toBe(18);
    expect(findExactHotel('Mandarin Hotel', hotels)?.id).toBe(20);
    expect(findExactHotel('Grand', hotels)).toBeUndefined();
  });

  it('refuses to guess between two hotels with the same normalised name', () => {
    expect(
      findExactHotel('Grand Paradise', [...hotels, { id: 99, name: 'Grand Paradise Beach' }]),
    ).toBeUndefined();
  });

  it('never matches a name without a key, not even another such name', () => {
    expect(findExactHotel('Hotel', [{ id: 7, name: 'The Resort & Spa' }])).toBeUndefined();
    expect(findExactHotel('Club \uE000', [{ id: 8, name: 'Club \uE001' }])).toBeUndefined();
  });

  it('names the closest candidates, best first', () => {
    expect(closestHotels('Grand Paradies', hotels).map((h) => h.id)).toEqual([18, 19]);
    expect(closestHotels('Completely Different', hotels)).toEqual([]);
    expect(
      closestHotels('Club Отель Кемер', [
        { id: 312, name: 'Club Отель Алания' },
        { id: 318, name: 'Гранд Отель Кемер' },
      ]).map((h) => h.id),
    ).toEqual([318, 312]);
  });
});

/** Lower-case letters of several scripts (ς, which folds to σ, is tested above). */
const ALPHABETS = {
  latin: 'abcdefghijklmnopqrstuvwxyz',
  turkish: 'abcçdefgğhıijklmnoöprsştuüvyz',
  cyrillic: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  greek: 'αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ',
  arabic: 'ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوي',
  digits: '0123456789٠١٢٣٤٥٦٧٨٩',
};
const ALL_LETTERS = [...new Set(Object.values(ALPHABETS).join(''))];
const NOISE = new Set(['hotel', 'hotels', 'resort', 'resorts', 'spa', 'beach', 'the', 'and']);

/** A word of one script, never a noise word (those are dropped by design). */
const word = (letters: string) =>
  fc
    .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 8 })
    .map((chars) => chars.join(''))
    .filter((w) => !NOISE.has(w));
const anyWord = fc.oneof(...Object.values(ALPHABETS).map(word));
const words = (arb = anyWord) => fc.array(arb, { minLength: 1, maxLength: 4 });
const SEPARATORS = [
  ' ',
  '  ',
  '\t',
  '-',
  '_',
  '.',
  ',',
  '/',
  '(',
  ')',
  '—',
  '·',
  '\u00a0',
  '&',
  '!',
];
const separator = fc
  .array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 3 })
  .map((s) => s.join(''));
const edge = fc.array(fc.constantFrom(...SEPARATORS), { maxLength: 2 }).map((s) => s.join(''));

/** The words with random separators and random upper case. */
const variantOf = (ws: string[]) =>
  fc
    .tuple(
      fc.array(separator, { minLength: ws.length, maxLength: ws.length }),
      fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      edge,
      edge,
    )
    .map(([seps, upper, lead, trail]) => {
      let i = 0;
      const cased = ws.map((w) =>
        [...w].map((ch) => (upper[i++ % upper.length] ? ch.toUpperCase() : ch)).join(''),
      );
      return lead + cased.map((w, k) => (k ? seps[k] : '') + w).join('') + trail;
    });

describe('normaliseHotelName properties (fast-check)', () => {
  it('is idempotent on names of every script and on arbitrary text', () => {
    const name = words().map((ws) => ws.join(' '));
    for (const arb of [
      name,
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    ]) {
      fc.assert(
        fc.property(arb, (text) => {
          const key = normaliseHotelName(text);
          expect(normaliseHotelName(key)).toBe(key);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('never gives one key to names that differ in a letter of any script', () => {
    fc.assert(
      fc.property(
        words(),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...ALL_LETTERS),
        (ws, wi, ci, letter) => {
          const w = wi % ws.length;
          const chars = [...ws[w]];
          const c = ci % chars.length;
          fc.pre(chars[c] !== letter);
          chars[c] = letter;
          const changed = chars.join('');
          fc.pre(!NOISE.has(changed));
          const other = ws.map((x, k) => (k === w ? changed : x));
          expect(normaliseHotelName(other.join(' '))).not.toBe(normaliseHotelName(ws.join(' ')));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives one key to case, whitespace and punctuation variants of a name', () => {
    // Without ı, whose capital I reads as i (see the Turkish example above).
    const noDotless = fc.oneof(...Object.values(ALPHABETS).map((a) => word(a.replace('ı', ''))));
    fc.assert(
      fc.property(
        words(noDotless).chain((ws) => fc.tuple(fc.constant(ws), variantOf(ws))),
        ([ws, variant]) => {
          expect(normaliseHotelName(variant)).toBe(normaliseHotelName(ws.join(' ')));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never matches a name with letters removed to the original, as mapping or Sedna name', () => {
    fc.assert(
      fc.property(words(), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (ws, drops) => {
        const original = ws.join(' ');
        const chars = [...original];
        const letterAt = chars.flatMap((ch, i) => (ch === ' ' ? [] : [i]));
        const gone = new Set(drops.map((d) => letterAt[d % letterAt.length]));
        const shorter = chars.filter((_, i) => !gone.has(i)).join('');
        expect(normaliseHotelName(shorter)).not.toBe(normaliseHotelName(original));
        expect(findExactHotel(shorter, [{ id: 1, name: original }])).toBeUndefined();
        expect(findExactHotel(original, [{ id: 1, name: shorter }])).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
