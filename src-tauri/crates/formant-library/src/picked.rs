//! Calls picked one by one (the app's multi-selection in the list), on top of a filter: either
//! only these ids, or every call of the filter except these. Ids, not rows, so a selection
//! over a million-call list stays as small as what the user clicked.

use serde::{Deserialize, Serialize};

use crate::error::LibraryError;

/// Ids a selection may name at most, either way. Beyond this a filter says it better (and a
/// query with millions of ids would hold the store up).
pub const MAX_PICKED_IDS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Picked {
    /// Only the calls with these conversation ids (still within the filter and its accounts).
    Only { ids: Vec<String> },
    /// Every call of the filter except these.
    AllExcept { ids: Vec<String> },
}

impl Picked {
    pub fn ids(&self) -> &[String] {
        match self {
            Self::Only { ids } | Self::AllExcept { ids } => ids,
        }
    }

    /// The SQL condition over `conversations c` and its one parameter (the ids as a JSON
    /// array, read by `json_each`: one parameter whatever the count, where `IN (?, ?, …)`
    /// would pass SQLite's limit on parameters).
    pub(crate) fn to_sql(&self) -> Result<(String, String), LibraryError> {
        let ids = self.ids();
        if ids.len() > MAX_PICKED_IDS {
            // The limit in words, as the app writes counts (the test below keeps them equal).
            return Err(LibraryError::InvalidQuery(format!(
                "a selection names at most 100,000 calls one by one, this one names {}; \
                 select them by a filter instead",
                ids.len(),
            )));
        }
        let json = serde_json::to_string(ids)
            .map_err(|e| LibraryError::InvalidQuery(format!("the selected ids: {e}")))?;
        let op = match self {
            Self::Only { .. } => "IN",
            Self::AllExcept { .. } => "NOT IN",
        };
        Ok((
            format!("c.conversation_id {op} (SELECT value FROM json_each(?))"),
            json,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_ids_are_refused_in_words() {
        assert_eq!(MAX_PICKED_IDS, 100_000, "the message names the limit");
        let ids = (0..=MAX_PICKED_IDS).map(|i| format!("c{i}")).collect();
        let err = Picked::Only { ids }.to_sql().expect_err("refused");
        assert_eq!(
            err.to_string(),
            "a selection names at most 100,000 calls one by one, this one names 100001; \
             select them by a filter instead"
        );
    }

    #[test]
    fn the_wire_form_is_tagged() {
        let picked: Picked =
            serde_json::from_value(serde_json::json!({"kind": "all_except", "ids": ["a"]}))
                .expect("parses");
        assert_eq!(
            picked,
            Picked::AllExcept {
                ids: vec!["a".into()]
            }
        );
    }
}
