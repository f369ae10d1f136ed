//! What a generic JSON parser (such as `serde_json::Value`'s) makes of a value that the strict
//! parse refused: whether it is JSON at all ([`value_valid`]), and which `format` a top-level
//! `signed` object claims ([`SignedProbe`]). This decides between `malformed` and
//! `unsupported-format` as `canonical::parse_strict` does for a whole input.

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// Reads any JSON value as a generic parser would (nesting counted), keeping nothing.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

macro_rules! accept_scalars {
    ($value:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!(Skip);
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
}

/// The `format` string of an object (the last one, as a generic parser keeps it), if any.
pub(super) struct SignedProbe(pub(super) Option<String>);

impl<'de> Deserialize<'de> for SignedProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SignedProbeVisitor)
    }
}

struct SignedProbeVisitor;

impl<'de> Visitor<'de> for SignedProbeVisitor {
    type Value = SignedProbe;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!(SignedProbe(None));
    fn visit_str<E: de::Error>(self, _: &str) -> Result<SignedProbe, E> {
        Ok(SignedProbe(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SignedProbe, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(SignedProbe(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SignedProbe, A::Error> {
        let mut format = None;
        while let Some(k) = map.next_key::<String>()? {
            if k == "format" {
                format = map.next_value::<FormatProbe>()?.0;
            } else {
                map.next_value::<Skip>()?;
            }
        }
        Ok(SignedProbe(format))
    }
}

/// A value that is kept if it is a string.
struct FormatProbe(Option<String>);

impl<'de> Deserialize<'de> for FormatProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FormatProbeVisitor)
    }
}

struct FormatProbeVisitor;

impl<'de> Visitor<'de> for FormatProbeVisitor {
    type Value = FormatProbe;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    accept_scalars!(FormatProbe(None));
    fn visit_str<E: de::Error>(self, s: &str) -> Result<FormatProbe, E> {
        Ok(FormatProbe(Some(s.to_owned())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FormatProbe, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(FormatProbe(None))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FormatProbe, A::Error> {
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(FormatProbe(None))
    }
}

/// Whether `raw`, a value cut out of the input `base_depth` levels deep, is valid JSON for a
/// generic parser such as `serde_json::Value`'s: well formed, UTF-8, nesting within its limit of
/// 127 containers, numbers in range. (What decides between `unsupported-format` and `malformed`
/// when the strict parse fails.)
pub(super) fn value_valid(raw: &[u8], base_depth: usize) -> bool {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in raw {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else {
            match b {
                b'"' => in_str = true,
                b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    base_depth + max <= 127 && serde_json::from_slice::<Skip>(raw).is_ok()
}
