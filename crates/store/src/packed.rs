//! Text fields kept one after another in one allocation: at a million entries, the lines a
//! publication or the app's Verify screen keeps are mostly text, and one `String` per field
//! would cost its own allocation and 24 bytes each.

/// Up to eight optional strings in one allocation, read back by position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Packed<const N: usize> {
    text: Box<str>,
    /// Where each field ends in `text`.
    ends: [u32; N],
    /// Which fields are present (bit i for field i).
    present: u8,
}

impl<const N: usize> Packed<N> {
    pub(crate) fn new(fields: [Option<&str>; N]) -> Self {
        const { assert!(N <= 8) };
        let mut text = String::with_capacity(fields.iter().map(|f| f.map_or(0, str::len)).sum());
        let (mut ends, mut present) = ([0u32; N], 0u8);
        for (i, (end, field)) in ends.iter_mut().zip(fields).enumerate() {
            if let Some(f) = field {
                text.push_str(f);
                present |= 1 << i;
            }
            // An entry is far smaller than 4 GiB (bundle::MAX_BYTES).
            *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        Packed { text: text.into_boxed_str(), ends, present }
    }

    /// Field `i`, if it was given.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        if i >= N || self.present & (1 << i) == 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..self.ends[i] as usize)
    }

    /// Field `i`, empty if it was not given.
    pub(crate) fn text(&self, i: usize) -> &str {
        self.get(i).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_reads_back_as_given() {
        let p = Packed::new([Some("Łódź"), Some(""), None, Some("東京大学"), Some("a")]);
        assert_eq!(
            (0..5).map(|i| p.get(i)).collect::<Vec<_>>(),
            [Some("Łódź"), Some(""), None, Some("東京大学"), Some("a")]
        );
        assert_eq!((p.get(5), p.text(2)), (None, ""));
    }
}
