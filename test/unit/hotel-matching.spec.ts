import fc from 'fast-check';
import { hasHiddenCharacters, normaliseHotelName } from '../../shared/hotel-name-key';
import {
  closestHotels,
  confusableSkeleton,
  findExactHotel,
  nameSimilarity,
} from '../../src/sedna/hotel-matching';

/** Runs per property; the report quotes them. */
const RUNS = 2000;

describe('normaliseHotelName', () => {
  it.each([
    ['The Mandarin Resort & Spa', 'the mandarin resort spa'],
    ['STOP SALE Grand   Paradise', 'stop sale grand paradise'],
    ['Grand Paradise Resort', 'grand paradise resort'],
    ['grand-paradise hotel', 'grand paradise hotel'],
    ['Côte d’Azur Beach Hotel', 'côte d azur beach hotel'],
    ['Kızılağaç Hotels', 'kızılağaç hotels'],
    ['Hotel 5 Stars', 'hotel 5 stars'],
    ['Club Отель Алания', 'club отель алания'],
    ['فندق شاطئ الشمس', 'فندق شاطئ الشمس'],
    ['ΞΕΝΟΔΟΧΕΊΟ ΉΛΙΟΣ', 'ξενοδοχείο ήλιοσ'],
    ['Ｇｒａｎｄ　Ｐａｒａｄｉｓｅ', 'grand paradise'],
    ['Grand\u00adParadise', 'grand\u00adparadise'],
    ['Grand\tParadise\n', 'grand paradise'],
    ['The Hotel & Spa', 'the hotel spa'],
    [' & — ', ''],
    ['', ''],
  ])('%j → %j', (name, expected) => {
    expect(normaliseHotelName(name)).toBe(expected);
  });

  it('gives the same key to spellings of one hotel, and keeps every word', () => {
    const keys = ['Mandarin Resort', 'MANDARIN RESORT', ' mandarin-resort. ', 'Mandarin, Resort'];
    expect(new Set(keys.map(normaliseHotelName))).toEqual(new Set(['mandarin resort']));
    expect(normaliseHotelName('The Mandarin Resort')).not.toBe('mandarin resort');
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

  it('ranks on names without noise words: those score 1 and unrelated ones low', () => {
    expect(nameSimilarity('Grand Paradise Hotel', 'grand paradise resort')).toBe(1);
    expect(nameSimilarity('Mandarin', 'Sea Breeze')).toBeLessThan(0.3);
  });

  it('matches only the one hotel whose name is equal but for case, spaces and punctuation', () => {
    expect(findExactHotel('GRAND PARADISE RESORT', hotels)?.id).toBe(18);
    expect(findExactHotel('mandarin-beach resort!', hotels)?.id).toBe(20);
    expect(findExactHotel('THE GRAND PARADISE', hotels)).toBeUndefined();
    expect(findExactHotel('Mandarin Hotel', hotels)).toBeUndefined();
    expect(findExactHotel('Grand', hotels)).toBeUndefined();
  });

  it.each([
    ['Sunrise Spa', 'Sunrise Beach Hotel'],
    ['The Mandarin Hotels & Resorts', 'Mandarin Resort'],
    ['Mandarin', 'Mandarin Resort'],
    ['Grand Paradise Resort & Spa', 'Grand Paradise Resort and Spa'],
  ])('never matches names that differ by a noise word: %j ≠ %j', (name, sedna) => {
    expect(findExactHotel(name, [{ id: 1, name: sedna }])).toBeUndefined();
    expect(findExactHotel(sedna, [{ id: 1, name }])).toBeUndefined();
    // They still rank as the closest candidates.
    expect(closestHotels(name, [{ id: 1, name: sedna }]).map((h) => h.id)).toEqual([1]);
  });

  it.each([
    ['\u0600Mandarin Resort', 'an Arabic number sign (Cf)'],
    ['Mandarin \u{E0041}Resort', 'a tag character'],
    ['Mandarin Resort\u{E007F}', 'the cancel tag'],
    ['\u202eMandarin Resort', 'a bidi override'],
    ['Mandarin\u2066 Resort', 'a bidi isolate'],
    ['Man\u200bdarin Resort', 'a zero-width space'],
    ['Man\u00addarin Resort', 'a soft hyphen'],
    ['Mandarin\u0007 Resort', 'a control character (BEL)'],
  ])('never matches %j automatically (%s), neither as e-mail nor as Sedna name', (hidden) => {
    expect(hasHiddenCharacters(hidden)).toBe(true);
    expect(findExactHotel(hidden, [{ id: 1, name: 'Mandarin Resort' }])).toBeUndefined();
    expect(findExactHotel('Mandarin Resort', [{ id: 1, name: hidden }])).toBeUndefined();
    // Not even the same text: such names are mapped explicitly.
    expect(findExactHotel(hidden, [{ id: 1, name: hidden }])).toBeUndefined();
    // The hidden character stays in the key: a mapping of "Mandarin Resort" does not cover it.
    expect(normaliseHotelName(hidden)).not.toBe(normaliseHotelName('Mandarin Resort'));
  });

  it('reads tabs and line breaks as spaces, not as hidden characters', () => {
    expect(hasHiddenCharacters('Mandarin\tResort\r\n')).toBe(false);
    expect(findExactHotel('Mandarin\tResort\n', [{ id: 1, name: 'Mandarin Resort' }])?.id).toBe(1);
  });

  it('refuses to guess between two hotels with the same normalised name', () => {
    expect(
      findExactHotel('Grand Paradise', [
        { id: 98, name: 'Grand Paradise' },
        { id: 99, name: 'GRAND-PARADISE' },
      ]),
    ).toBeUndefined();
  });

  it('never matches a name without a key, not even another such name', () => {
    expect(findExactHotel('&', [{ id: 7, name: '&' }])).toBeUndefined();
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
const NOISE = ['hotel', 'hotels', 'resort', 'resorts', 'spa', 'beach', 'the', 'and'];

/** A word of one script. */
const word = (letters: string) =>
  fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 8 }).map((c) => c.join(''));
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

/** Characters of Unicode categories Cf and Cc (white space aside): bidi, tags, zero-width… */
const HIDDEN_CHARS = [
  '\u0600',
  '\u00ad',
  '\u061c',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\u{E0001}',
  '\u{E0041}',
  '\u{E007F}',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u009b',
];

describe('matching properties (fast-check)', () => {
  it('never matches a name with a noise word added or removed', () => {
    fc.assert(
      fc.property(
        words(),
        fc.constantFrom(...NOISE),
        fc.nat(),
        fc.constantFrom(...NOISE.map((w) => w.toUpperCase()), ...NOISE, '&'),
        (ws, noise, at, _) => {
          const i = at % (ws.length + 1);
          const longer = [...ws.slice(0, i), noise, ...ws.slice(i)].join(' ');
          const name = ws.join(' ');
          expect(findExactHotel(longer, [{ id: 1, name }])).toBeUndefined();
          expect(findExactHotel(name, [{ id: 1, name: longer }])).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never matches automatically a name holding a format or control character', () => {
    fc.assert(
      fc.property(words(), fc.constantFrom(...HIDDEN_CHARS), fc.nat(), (ws, hidden, at) => {
        const name = ws.join(' ');
        const chars = [...name];
        const i = at % (chars.length + 1);
        const marked = [...chars.slice(0, i), hidden, ...chars.slice(i)].join('');
        expect(hasHiddenCharacters(marked)).toBe(true);
        expect(findExactHotel(marked, [{ id: 1, name }])).toBeUndefined();
        expect(findExactHotel(name, [{ id: 1, name: marked }])).toBeUndefined();
        expect(normaliseHotelName(marked)).not.toBe(normaliseHotelName(name));
      }),
      { numRuns: RUNS },
    );
  });

  it('matches exactly when the keys are equal and no hidden character is there', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (a, b) => {
          const match = findExactHotel(a, [{ id: 1, name: b }]) !== undefined;
          const equal =
            normaliseHotelName(a) !== '' &&
            normaliseHotelName(a) === normaliseHotelName(b) &&
            !hasHiddenCharacters(a) &&
            !hasHiddenCharacters(b);
          expect(match).toBe(equal);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives one skeleton to a name and its look-alikes (Cyrillic letters, invisible ones)', () => {
    const lookalike: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х' };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'acepoxmndrt'), { minLength: 2, maxLength: 10 }),
        fc.nat(),
        (chars, at) => {
          const name = chars.join('');
          const i = at % chars.length;
          const swapped = lookalike[chars[i]]
            ? [...chars.slice(0, i), lookalike[chars[i]], ...chars.slice(i + 1)].join('')
            : [...chars.slice(0, i), '\u200b', ...chars.slice(i)].join('');
          expect(normaliseHotelName(swapped)).not.toBe(normaliseHotelName(name));
          expect(confusableSkeleton(swapped)).toBe(confusableSkeleton(name));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('confusableSkeleton', () => {
  it.each([
    ['Mandarin Resort', 'Mаndarin Resort'],
    ['Mandarin Resort', 'MANDARIN RES0RT'],
    ['Mandarin Resort', 'Mandarin\u200bResort'],
    ['Sea Breeze', 'Sеа Breeze'],
  ])('%j looks like %j', (a, b) => {
    expect(confusableSkeleton(a)).toBe(confusableSkeleton(b));
  });

  it.each([
    ['Mandarin Resort', 'Mandarin Palace'],
    ['Club Отель Алания', 'Club Отель Кемер'],
  ])('%j does not look like %j', (a, b) => {
    expect(confusableSkeleton(a)).not.toBe(confusableSkeleton(b));
  });
});
