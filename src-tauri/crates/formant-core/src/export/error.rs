//! Why an export could not be made. Messages are written for the person who asked for the
//! file: the UI shows them as they are (e.g. beside a greyed-out "SubRip" choice).

/// Every way [`super::export`] and [`super::ExportFormat::from_str`] can fail.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Subtitles need a start and an end for every cue; times are never invented.
    #[error("{}", no_times_message(*turns_without_times, *total))]
    NoTimes {
        turns_without_times: usize,
        total: usize,
    },
    /// No transcript, an empty one, or only turns without any text.
    #[error("this call has no transcript to turn into subtitles")]
    EmptyTranscriptForSubtitles,
    #[error("unknown export format {0:?}: use txt, md, json, csv, srt or vtt")]
    UnknownFormat(String),
    #[error("could not write the CSV file: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV writer only ever gets `&str` fields, so this means a bug, not bad input.
    #[error("the CSV writer produced text that is not UTF-8")]
    CsvNotUtf8,
    #[error("could not write the JSON file: {0}")]
    Json(#[from] serde_json::Error),
}

fn no_times_message(turns_without_times: usize, total: usize) -> String {
    if turns_without_times == total {
        "this transcript has no timings, so it cannot be turned into subtitles".to_owned()
    } else {
        format!(
            "{turns_without_times} of {total} transcript turns lack a valid start and end time; \
             subtitles need both for every turn"
        )
    }
}
