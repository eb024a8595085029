/**
 * The key a hotel name is matched on. A leaf shared by src/ (hotel matching and mappings) and
 * migrations/ (which re-key the stored mappings with it): it imports nothing of the project
 * (eslint.config.mjs).
 */

/**
 * Characters whose nature normalisation cannot know (private use, unassigned, lone surrogates):
 * a name holding one has no key, so it matches nothing rather than matching without them.
 */
const UNKNOWN = /[\p{Co}\p{Cn}\p{Cs}]/u;

/** Spaces of every kind, the control characters among them (tab, line breaks) included. */
const WHITE_SPACE = /\p{White_Space}/gu;

/**
 * Invisible characters: format (Cf: soft hyphen, zero-width joiners, bidi controls, tag
 * characters U+E0000–E007F, U+0600…) and controls (Cc) other than white space. They are kept in
 * the key, never stripped: "\u0600Mandarin" is not "Mandarin". A name holding one is never
 * matched automatically (hasHiddenCharacters), only through a mapping of that very name.
 */
const HIDDEN = /[\p{Cf}\p{Cc}]/u;

/** A word: letters, combining marks, digits and hidden characters of every script. */
const WORD = /[\p{L}\p{M}\p{N}\p{Cf}\p{Cc}]+/gu;

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
export function foldCase(text: string): string {
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
 * The key a hotel name is matched on: NFKC, case folded (see foldCase), its words (letters,
 * marks, digits and hidden characters of every script) joined by one space, every word kept:
 * "The Mandarin Resort & Spa" → "the mandarin resort spa", "Club Отель Алания" → "club отель
 * алания".
 *
 * Only case, punctuation, symbols and spaces differ between names of one key: no letter, digit
 * or word is ever dropped (accents and other combining marks of every script are kept: "Côte"
 * is not "Cote", which a mapping can say). '' means the name has no usable key (no word, or
 * characters of unknown nature): it matches nothing.
 */
export function normaliseHotelName(name: string): string {
  const text = name.normalize('NFKC');
  if (UNKNOWN.test(text)) return '';
  return (foldCase(text.replace(WHITE_SPACE, ' ')).match(WORD) ?? []).join(' ');
}

/** Whether the name holds format or control characters (see HIDDEN): never matched automatically. */
export function hasHiddenCharacters(name: string): boolean {
  return HIDDEN.test(name.replace(WHITE_SPACE, ' '));
}
