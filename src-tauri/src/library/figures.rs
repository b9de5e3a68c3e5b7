//! A call's analysis (formant-analysis) as the figures the library stores (formant-library),
//! and what fresh figures look like under an account's agent channel setting. The one place
//! the two crates meet.

use formant_analysis::{AgentChannelFrom, CallAnalysis, Channel, ANALYSIS_VERSION};
use formant_library::{CallFigures, FiguresWanted, StoredChannel};

/// The figures of `analysis`, stamped as computed now.
pub fn figures_of(analysis: &CallAnalysis) -> CallFigures {
    let analysed_ms = super::sync_loop::now_ms();
    let summary = &analysis.summary;
    CallFigures {
        latency_p50_s: summary.latency_p50_s,
        latency_p90_s: summary.latency_p90_s,
        latency_max_s: summary.latency_max_s,
        handoffs: u32::try_from(analysis.response_latencies.len()).unwrap_or(u32::MAX),
        interruptions: u32::try_from(summary.interruptions).unwrap_or(u32::MAX),
        dead_air_s: summary.dead_air_s,
        agent_talk_share: summary.agent_talk_share,
        time_to_first_word_s: summary.time_to_first_word_s,
        agent_channel: analysis.agent_channel.map(stored),
        agent_channel_set: analysis.agent_channel_from == Some(AgentChannelFrom::Option),
        analysis_version: analysis.version,
        analysed_ms,
    }
}

/// Fresh figures under the account's agent channel setting (`None`: each call decides).
pub fn wanted(setting: Option<Channel>) -> FiguresWanted {
    FiguresWanted {
        analysis_version: ANALYSIS_VERSION,
        agent_channel: setting.map(stored),
    }
}

fn stored(channel: Channel) -> StoredChannel {
    match channel {
        Channel::Left => StoredChannel::Left,
        Channel::Right => StoredChannel::Right,
    }
}
