import {
  closestHotels,
  findExactHotel,
  nameSimilarity,
  normaliseHotelName,
} from '../../src/sedna/hotel-matching';

describe('normaliseHotelName', () => {
  it.each([
    ['The Mandarin Resort & Spa', 'mandarin'],
    ['STOP SALE Grand   Paradise', 'stop sale grand paradise'],
    ['Grand Paradise Resort', 'grand paradise'],
    ['grand-paradise hotel', 'grand paradise'],
    ['Côte d’Azur Beach Hotel', 'cote d azur'],
    ['Kızılağaç Hotels', 'kizilagac'],
    ['Hotel 5 Stars', '5 stars'],
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

  it('names the closest candidates, best first', () => {
    expect(closestHotels('Grand Paradies', hotels).map((h) => h.id)).toEqual([18, 19]);
    expect(closestHotels('Completely Different', hotels)).toEqual([]);
  });
});
