//! A bijection on `u64` that scatters nearby numbers, and its inverse: turns a call's index into
//! random-looking bits (its id, its generator's seed) that lead back to the index.

/// SplitMix64's finaliser. Every step (xor with a right shift, multiplication by an odd
/// constant modulo 2^64) is invertible, so the whole is a bijection.
pub(crate) const fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(M1);
    x ^= x >> 27;
    x = x.wrapping_mul(M2);
    x ^ (x >> 31)
}

/// The inverse of [`mix`]: `unmix(mix(x)) == x` for every `x`.
pub(crate) const fn unmix(mut x: u64) -> u64 {
    x = unshift(x, 31);
    x = x.wrapping_mul(inverse(M2));
    x = unshift(x, 27);
    x = x.wrapping_mul(inverse(M1));
    unshift(x, 30)
}

const M1: u64 = 0xbf58_476d_1ce4_e5b9;
const M2: u64 = 0x94d0_49bb_1331_11eb;

/// Undoes `x ^= x >> shift`.
const fn unshift(y: u64, shift: u32) -> u64 {
    let mut x = y;
    let mut s = shift;
    while s < 64 {
        x = y ^ (x >> shift);
        s += shift;
    }
    x
}

/// The inverse of an odd number modulo 2^64, by Newton's iteration (each step doubles the
/// number of correct low bits: 3, 6, 12, 24, 48, 96).
const fn inverse(odd: u64) -> u64 {
    let mut inv = odd;
    let mut step = 0;
    while step < 5 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inv)));
        step += 1;
    }
    inv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmix_undoes_mix() {
        assert_eq!(M1.wrapping_mul(inverse(M1)), 1);
        assert_eq!(M2.wrapping_mul(inverse(M2)), 1);
        let edges = [0, 1, 2, 1_000, u64::from(u32::MAX), u64::MAX - 1, u64::MAX];
        let spread = (0..10_000u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for x in edges.into_iter().chain(spread) {
            assert_eq!(unmix(mix(x)), x, "{x}");
            assert_eq!(mix(unmix(x)), x, "{x}");
        }
        assert_ne!(mix(1) >> 32, mix(2) >> 32, "neighbours are scattered");
    }
}
