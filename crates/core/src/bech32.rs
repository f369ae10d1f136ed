//! The age X25519 recipient's form (FORMAT.md §14.4, `lead.vetting_recipient`): `age1`, then 58
//! characters of Bech32's lowercase alphabet (BIP 173) whose checksum holds and whose data is 32
//! bytes, the 4 bits after them zero (BIP 173's decoding without padding).

const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATOR: [u32; 5] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3];

fn polymod(values: impl Iterator<Item = u8>) -> u32 {
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GENERATOR.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// The 32 bytes of an age X25519 recipient of §14.4's form; none for anything else.
pub fn age_recipient(s: &str) -> Option<[u8; 32]> {
    let data = s.strip_prefix("age1")?;
    if data.len() != 58 {
        return None;
    }
    let values: Vec<u8> =
        data.bytes().map(|c| CHARSET.iter().position(|&x| x == c).map(|p| p as u8)).collect::<Option<_>>()?;
    let hrp = b"age";
    let expanded = hrp.iter().map(|c| c >> 5).chain([0]).chain(hrp.iter().map(|c| c & 31));
    if polymod(expanded.chain(values.iter().copied())) != 1 {
        return None;
    }
    // 52 groups of 5 bits: 256 bits of data and 4 bits that must be zero.
    let mut out = [0u8; 32];
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0usize);
    for &v in &values[..52] {
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out[n] = (acc >> bits) as u8;
            n += 1;
            acc &= (1 << bits) - 1;
        }
    }
    (n == 32 && bits == 4 && acc == 0).then_some(out)
}

/// Encodes 32 bytes as an age X25519 recipient (for the tests and the vectors).
pub fn encode_age_recipient(bytes: &[u8; 32]) -> String {
    encode_32("age", bytes)
}

/// Encodes 32 bytes under the human-readable part `hrp` (lowercase), as Bech32 (BIP 173):
/// `hrp`, `1`, the data and the checksum. An age X25519 identity is `AGE-SECRET-KEY-` of this,
/// upper-cased.
pub fn encode_32(hrp: &str, bytes: &[u8; 32]) -> String {
    let mut values = Vec::with_capacity(58);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            values.push(((acc >> bits) & 31) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    values.push(((acc << (5 - bits)) & 31) as u8);
    let h = hrp.as_bytes();
    let expanded = h.iter().map(|c| c >> 5).chain([0]).chain(h.iter().map(|c| c & 31));
    let pm = polymod(expanded.chain(values.iter().copied()).chain([0; 6])) ^ 1;
    values.extend((0..6).map(|i| ((pm >> (5 * (5 - i))) & 31) as u8));
    let mut s = format!("{hrp}1");
    s.extend(values.iter().map(|&v| CHARSET[v as usize] as char));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_recipient_of_the_age_specification_reads() {
        // The example of the age specification (age-encryption.org/v1): the recipient of the
        // X25519 identity whose 32 bytes are all 0x42.
        let r = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";
        let bytes = age_recipient(r).expect("a recipient");
        assert_eq!(encode_age_recipient(&bytes), r);
        for bad in [
            "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwk",
            "Age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj",
            "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujw",
            "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwjb",
            "age1Zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj",
        ] {
            assert_eq!(age_recipient(bad), None, "{bad}");
        }
        for seed in 0u8..20 {
            let b = [seed.wrapping_mul(37); 32];
            assert_eq!(age_recipient(&encode_age_recipient(&b)), Some(b));
        }
    }
}
