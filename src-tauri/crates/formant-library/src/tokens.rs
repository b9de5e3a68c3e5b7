//! How text is cut into words for the full-text index: SQLite's `unicode61` tokenizer, told
//! that the combining signs of the Indic scripts are part of words.
//!
//! `unicode61` keeps letters and digits together and splits at everything else, and the
//! vowel signs (matras), viramas and nuktas of Devanagari, Tamil and the other Indic scripts
//! are "marks", not letters: left alone it cuts `भुगतान` into `भ`, `गत`, `न`, so `दाल` (lentils)
//! and `दिल` (heart) index as the same words. With every character of the Indic blocks as a
//! token character (`tokenchars`), words stay whole. Trigrams would also avoid the split, but
//! an index of every three characters measured 3.1× the JSON it indexes and slowed both
//! writing and searching (see the README's figures); words keep the store near the size of
//! its JSON and make a one-word search one lookup.

use std::ops::RangeInclusive;

/// Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala.
const INDIC: RangeInclusive<u32> = 0x0900..=0x0DFF;

/// Punctuation of those blocks, which still separates words: danda, double danda, the
/// abbreviation sign, Sinhala's kunddaliya.
const INDIC_PUNCTUATION: [char; 4] = ['\u{0964}', '\u{0965}', '\u{0970}', '\u{0DF4}'];

fn is_indic_word_char(c: char) -> bool {
    INDIC.contains(&u32::from(c)) && !INDIC_PUNCTUATION.contains(&c)
}

/// Whether the index treats `c` as part of a word (letters, digits, the Indic signs).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_indic_word_char(c)
}

/// The FTS5 `tokenize` option: `unicode61`, diacritics of Latin letters folded (`café` is
/// found by `cafe`), and the Indic blocks as token characters.
pub(crate) fn tokenize_option() -> String {
    let chars: String = INDIC
        .filter_map(char::from_u32)
        .filter(|c| is_indic_word_char(*c))
        .collect();
    format!("unicode61 remove_diacritics 2 tokenchars '{chars}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_are_word_characters_and_dandas_are_not() {
        for c in ['क', 'ि', '्', 'ு', 'ா', 'a', '7'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in ['।', '॥', ' ', ',', '+'] {
            assert!(!is_word_char(c), "{c:?}");
        }
        assert!(!tokenize_option().contains('\''.to_string().repeat(2).as_str()));
    }
}
