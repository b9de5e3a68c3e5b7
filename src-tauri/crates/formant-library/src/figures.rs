//! Each call's figures from the analysis of its recording (response latency, interruptions,
//! dead air, talk share), stored beside the call so the list can sort and filter by them and
//! triage can count them. The analysis itself is formant-analysis's; this crate only keeps its
//! summary (the app converts), so the library does not depend on the audio stack.

use rusqlite::{params, OptionalExtension, Row};

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::store::Store;

/// A channel of a two-channel recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoredChannel {
    Left,
    Right,
}

impl StoredChannel {
    fn code(self) -> &'static str {
        match self {
            Self::Left => "left",
            Self::Right => "right",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "left" => Some(Self::Left),
            "right" => Some(Self::Right),
            _ => None,
        }
    }
}

/// One call's figures. Seconds are from the recording; `None` where nothing was measured.
#[derive(Debug, Clone, PartialEq)]
pub struct CallFigures {
    pub latency_p50_s: Option<f64>,
    pub latency_p90_s: Option<f64>,
    pub latency_max_s: Option<f64>,
    /// Customer-to-agent hand-offs (each one a response latency).
    pub handoffs: u32,
    pub interruptions: u32,
    pub dead_air_s: f64,
    pub agent_talk_share: Option<f64>,
    pub time_to_first_word_s: Option<f64>,
    /// The agent's channel (`None`: a mono recording), and whether the account's setting chose
    /// it rather than the transcript or the default.
    pub agent_channel: Option<StoredChannel>,
    pub agent_channel_set: bool,
    /// The analysis's version (formant-analysis `ANALYSIS_VERSION`) the figures came from.
    pub analysis_version: u32,
    /// When they were computed (epoch ms).
    pub analysed_ms: i64,
}

/// What fresh figures look like now: the analysis's version and the account's agent channel
/// setting. Figures from an older version, or made under another setting, are stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiguresWanted {
    pub analysis_version: u32,
    /// The account's setting; `None`: each call decides.
    pub agent_channel: Option<StoredChannel>,
}

/// A call the background analysis should analyse, and where the next batch starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisCandidate {
    pub conversation_id: String,
    /// Pass it as `after` to [`Store::calls_to_analyse`] for the next batch.
    pub cursor: i64,
}

const COLUMNS: &str = "latency_p50_s, latency_p90_s, latency_max_s, handoffs, interruptions, \
    dead_air_s, agent_talk_share, time_to_first_word_s, agent_channel, agent_channel_set, \
    analysis_version, analysed_ms";

impl CallFigures {
    /// Whether these figures still hold under `wanted` (see [`FiguresWanted`]). A mono
    /// recording's figures do not depend on the channel setting.
    pub fn is_fresh(&self, wanted: &FiguresWanted) -> bool {
        if self.analysis_version < wanted.analysis_version {
            return false;
        }
        match (self.agent_channel, wanted.agent_channel) {
            (None, _) => true,
            (Some(used), Some(setting)) => self.agent_channel_set && used == setting,
            (Some(_), None) => !self.agent_channel_set,
        }
    }
}

impl Store {
    /// Stores a call's figures, replacing any it had, in one transaction. Returns `false`
    /// (storing nothing) when the library does not have the call.
    pub fn put_figures(
        &self,
        account: AccountRef,
        conversation_id: &str,
        figures: &CallFigures,
    ) -> Result<bool, LibraryError> {
        const ACTION: &str = "store a call's figures";
        let tx = self.write_transaction().map_err(self.err(ACTION))?;
        let written = tx
            .execute(
                &format!(
                    "INSERT OR REPLACE INTO call_figures (conversation, account_id, {COLUMNS})
                     SELECT id, account_id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14
                     FROM conversations WHERE account_id = ?1 AND conversation_id = ?2"
                ),
                params![
                    account.0,
                    conversation_id,
                    figures.latency_p50_s,
                    figures.latency_p90_s,
                    figures.latency_max_s,
                    figures.handoffs,
                    figures.interruptions,
                    figures.dead_air_s,
                    figures.agent_talk_share,
                    figures.time_to_first_word_s,
                    figures.agent_channel.map(StoredChannel::code),
                    figures.agent_channel_set,
                    figures.analysis_version,
                    figures.analysed_ms,
                ],
            )
            .map_err(self.err(ACTION))?;
        tx.commit().map_err(self.err(ACTION))?;
        Ok(written > 0)
    }

    /// A call's stored figures, if it has any.
    pub fn figures(
        &self,
        account: AccountRef,
        conversation_id: &str,
    ) -> Result<Option<CallFigures>, LibraryError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM call_figures
                 WHERE conversation = (SELECT id FROM conversations
                                       WHERE account_id = ?1 AND conversation_id = ?2)"
            ))
            .and_then(|mut stmt| {
                stmt.query_row(params![account.0, conversation_id], |row| {
                    figures_at(row, 0)
                })
                .optional()
            })
            .map_err(self.err("read a call's figures"))
    }

    /// Up to `limit` of `account`'s calls whose recording was downloaded and whose figures are
    /// missing or stale under `wanted`, in store order after `after` (0 to start). Reads only
    /// the downloaded calls (a partial index), however large the library.
    pub fn calls_to_analyse(
        &self,
        account: AccountRef,
        wanted: &FiguresWanted,
        after: i64,
        limit: u32,
    ) -> Result<Vec<AnalysisCandidate>, LibraryError> {
        const ACTION: &str = "list the calls to analyse";
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT c.id, c.conversation_id, {COLUMNS}
                 FROM conversations c INDEXED BY conversations_recorded
                 LEFT JOIN call_figures f ON f.conversation = c.id
                 WHERE c.account_id = ?1 AND c.has_recording = 1 AND c.id > ?2
                 ORDER BY c.id"
            ))
            .map_err(self.err(ACTION))?;
        let mut rows = stmt
            .query(params![account.0, after])
            .map_err(self.err(ACTION))?;
        let mut found = Vec::new();
        // The freshness rule is [`CallFigures::is_fresh`], in Rust once rather than again in SQL;
        // the rows walked are only the downloaded calls.
        while let Some(row) = rows.next().map_err(self.err(ACTION))? {
            let cursor: i64 = row.get(0).map_err(self.err(ACTION))?;
            let conversation_id: String = row.get(1).map_err(self.err(ACTION))?;
            // `analysed_ms` is never NULL in a stored row: NULL here is no row.
            let analysed: Option<i64> = row.get(2 + 11).map_err(self.err(ACTION))?;
            let has_figures = analysed.is_some();
            let fresh = has_figures
                && figures_at(row, 2)
                    .map_err(self.err(ACTION))?
                    .is_fresh(wanted);
            if !fresh {
                found.push(AnalysisCandidate {
                    conversation_id,
                    cursor,
                });
                if found.len() >= limit as usize {
                    break;
                }
            }
        }
        Ok(found)
    }
}

/// The figures in [`COLUMNS`] order, starting at column `at`.
fn figures_at(row: &Row, at: usize) -> rusqlite::Result<CallFigures> {
    let channel: Option<String> = row.get(at + 8)?;
    Ok(CallFigures {
        latency_p50_s: row.get(at)?,
        latency_p90_s: row.get(at + 1)?,
        latency_max_s: row.get(at + 2)?,
        handoffs: row.get(at + 3)?,
        interruptions: row.get(at + 4)?,
        dead_air_s: row.get(at + 5)?,
        agent_talk_share: row.get(at + 6)?,
        time_to_first_word_s: row.get(at + 7)?,
        agent_channel: channel.as_deref().and_then(StoredChannel::from_code),
        agent_channel_set: row.get(at + 9)?,
        analysis_version: row.get(at + 10)?,
        analysed_ms: row.get(at + 11)?,
    })
}
