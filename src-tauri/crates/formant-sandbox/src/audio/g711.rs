//! G.711 companding (ITU-T G.711 mu-law and A-law), the encodings of telephone-line recordings.
//!
//! Encoders follow the reference algorithm (Sun Microsystems' public-domain `g711.c`); the
//! decoders exist so the encoders can be tested by round trip.

const MULAW_BIAS: i32 = 0x84;
const MULAW_CLIP: i32 = 32635;

/// Encodes one linear 16-bit sample as an 8-bit mu-law code.
pub(crate) fn linear_to_mulaw(sample: i16) -> u8 {
    let mut magnitude = i32::from(sample);
    let sign = if magnitude < 0 {
        magnitude = -magnitude;
        0x80
    } else {
        0
    };
    magnitude = magnitude.min(MULAW_CLIP) + MULAW_BIAS;
    // The segment (exponent) is the position of the highest set bit above bit 7.
    let exponent = 31 - ((magnitude >> 7) as u32).leading_zeros() as i32;
    let mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    !((sign | (exponent << 4) | mantissa) as u8)
}

/// Decodes an 8-bit mu-law code to a linear 16-bit sample (the embedded speech clips).
pub(crate) fn mulaw_to_linear(code: u8) -> i16 {
    let code = !code;
    let exponent = i32::from((code >> 4) & 0x07);
    let mantissa = i32::from(code & 0x0F);
    let magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
    (if code & 0x80 != 0 {
        -magnitude
    } else {
        magnitude
    }) as i16
}

/// Upper bounds of the eight A-law segments, on the 13-bit magnitude.
const ALAW_SEGMENT_ENDS: [i32; 8] = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF];

/// Encodes one linear 16-bit sample as an 8-bit A-law code.
pub(crate) fn linear_to_alaw(sample: i16) -> u8 {
    let mut magnitude = i32::from(sample) >> 3;
    let mask = if magnitude >= 0 {
        0xD5
    } else {
        magnitude = -magnitude - 1;
        0x55
    };
    let Some(segment) = ALAW_SEGMENT_ENDS.iter().position(|&end| magnitude <= end) else {
        return (0x7F ^ mask) as u8;
    };
    let shift = if segment < 2 { 1 } else { segment };
    let code = ((segment as i32) << 4) | ((magnitude >> shift) & 0x0F);
    (code ^ mask) as u8
}

/// Decodes an 8-bit A-law code to a linear 16-bit sample.
#[cfg(test)]
pub(crate) fn alaw_to_linear(code: u8) -> i16 {
    let code = code ^ 0x55;
    let mut magnitude = i32::from(code & 0x0F) << 4;
    let segment = i32::from((code & 0x70) >> 4);
    match segment {
        0 => magnitude += 8,
        1 => magnitude += 0x108,
        _ => magnitude = (magnitude + 0x108) << (segment - 1),
    }
    (if code & 0x80 != 0 {
        magnitude
    } else {
        -magnitude
    }) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mulaw_reference_codes() {
        assert_eq!(linear_to_mulaw(0), 0xFF);
        assert_eq!(linear_to_mulaw(-1), 0x7F);
        assert_eq!(linear_to_mulaw(i16::MAX), 0x80);
        assert_eq!(linear_to_mulaw(i16::MIN), 0x00);
        assert_eq!(linear_to_mulaw(1000), 0xCE);
    }

    #[test]
    fn alaw_reference_codes() {
        assert_eq!(linear_to_alaw(0), 0xD5);
        assert_eq!(linear_to_alaw(-1), 0x55);
        assert_eq!(linear_to_alaw(i16::MAX), 0xAA);
        assert_eq!(linear_to_alaw(i16::MIN), 0x2A);
        assert_eq!(linear_to_alaw(1000), 0xFA);
    }

    /// Both laws keep about 12-13 bits of precision: the error stays within a few percent.
    #[test]
    fn round_trip_error_is_within_one_quantisation_step() {
        for sample in (i16::MIN..=i16::MAX).step_by(7) {
            let tolerance = (i32::from(sample).abs() / 16).max(16);
            let mu = i32::from(mulaw_to_linear(linear_to_mulaw(sample)));
            let a = i32::from(alaw_to_linear(linear_to_alaw(sample)));
            assert!(
                (mu - i32::from(sample)).abs() <= tolerance,
                "mu-law {sample} -> {mu}"
            );
            assert!(
                (a - i32::from(sample)).abs() <= tolerance,
                "A-law {sample} -> {a}"
            );
        }
    }

    #[test]
    fn every_code_decodes_to_a_value_that_encodes_back_to_it() {
        for code in 0..=255u8 {
            // mu-law has two codes for zero (0x7F and 0xFF); both decode to 0.
            let mu = mulaw_to_linear(code);
            if code != 0x7F {
                assert_eq!(linear_to_mulaw(mu), code, "mu-law code {code:#x}");
            }
            assert_eq!(
                linear_to_alaw(alaw_to_linear(code)),
                code,
                "A-law code {code:#x}"
            );
        }
    }
}
