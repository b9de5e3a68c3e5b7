//! Which source channels are heard, and how they are laid out on the output.
//!
//! The pipeline works on "program" channels: one when the source is mono or a single side of a
//! dual-channel call is selected (then it is played on every output channel), two for a stereo
//! source played as is. Working on one channel where one suffices halves the stretch and
//! resample work.

/// Which side of a call is heard. On dual-channel calls the agent and the customer are usually
/// recorded on separate channels.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum ChannelMode {
    #[default]
    Both,
    Left,
    Right,
}

/// How many channels the pipeline carries for this source and mode.
pub(crate) fn program_channels(source_channels: usize, mode: ChannelMode) -> usize {
    if source_channels >= 2 && mode == ChannelMode::Both {
        2
    } else {
        1
    }
}

/// Appends the selected channels of interleaved `frames` to the planar `program` buffers
/// (`program.len()` must equal [`program_channels`]).
pub(crate) fn select(
    interleaved: &[f32],
    source_channels: usize,
    mode: ChannelMode,
    program: &mut [Vec<f32>],
) {
    let picks: [usize; 2] = match (program.len(), mode) {
        (2, _) => [0, 1],
        (_, ChannelMode::Right) if source_channels >= 2 => [1, 1],
        _ => [0, 0],
    };
    for frame in interleaved.chunks_exact(source_channels) {
        for (channel, buffer) in program.iter_mut().enumerate() {
            buffer.push(frame[picks[channel]]);
        }
    }
}

/// Interleaves the first `frames` frames of `program` onto `output_channels` output channels,
/// appending to `out`. One program channel goes to every output; two go to the first two
/// outputs (averaged on a mono output, silence on any further outputs).
pub(crate) fn interleave(
    program: &[Vec<f32>],
    frames: usize,
    output_channels: usize,
    out: &mut Vec<f32>,
) {
    out.reserve(frames * output_channels);
    for i in 0..frames {
        for channel in 0..output_channels {
            let sample = match (program.len(), output_channels) {
                (1, _) => program[0][i],
                (_, 1) => 0.5 * (program[0][i] + program[1][i]),
                _ if channel < 2 => program[channel][i],
                _ => 0.0,
            };
            out.push(sample);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(interleaved: &[f32], channels: usize, mode: ChannelMode) -> Vec<Vec<f32>> {
        let mut program = vec![Vec::new(); program_channels(channels, mode)];
        select(interleaved, channels, mode, &mut program);
        program
    }

    #[test]
    fn stereo_both_keeps_both_sides() {
        let got = selected(&[1.0, -1.0, 2.0, -2.0], 2, ChannelMode::Both);
        assert_eq!(got, vec![vec![1.0, 2.0], vec![-1.0, -2.0]]);
    }

    #[test]
    fn left_and_right_pick_one_side() {
        let stereo = [1.0, -1.0, 2.0, -2.0];
        assert_eq!(
            selected(&stereo, 2, ChannelMode::Left),
            vec![vec![1.0, 2.0]]
        );
        assert_eq!(
            selected(&stereo, 2, ChannelMode::Right),
            vec![vec![-1.0, -2.0]]
        );
    }

    #[test]
    fn mono_ignores_the_side_selection() {
        for mode in [ChannelMode::Both, ChannelMode::Left, ChannelMode::Right] {
            assert_eq!(selected(&[0.5, 0.25], 1, mode), vec![vec![0.5, 0.25]]);
        }
    }

    #[test]
    fn more_channels_play_the_first_two() {
        let quad = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        assert_eq!(
            selected(&quad, 4, ChannelMode::Both),
            vec![vec![1.0, 5.0], vec![2.0, 6.0]]
        );
    }

    #[test]
    fn one_program_channel_plays_on_every_output() {
        let mut out = Vec::new();
        interleave(&[vec![0.1, 0.2]], 2, 2, &mut out);
        assert_eq!(out, vec![0.1, 0.1, 0.2, 0.2]);
    }

    #[test]
    fn two_program_channels_fill_the_first_two_outputs() {
        let program = [vec![1.0, 3.0], vec![-1.0, -3.0]];
        let mut out = Vec::new();
        interleave(&program, 2, 4, &mut out);
        assert_eq!(out, vec![1.0, -1.0, 0.0, 0.0, 3.0, -3.0, 0.0, 0.0]);
        let mut mono = Vec::new();
        interleave(&program, 2, 1, &mut mono);
        assert_eq!(mono, vec![0.0, 0.0]);
    }
}
