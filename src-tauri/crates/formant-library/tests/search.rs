//! Search over a real store: three scripts, phrases, filters, ranking, snippets, accounts.

mod common;

use common::{call, ingest, TestStore};
use formant_library::{Filter, SearchQuery};

fn search(t: &TestStore, text: &str, filter: Filter) -> formant_library::SearchResults {
    t.store
        .search(&SearchQuery {
            text: text.into(),
            filter,
            offset: 0,
            limit: 20,
        })
        .expect("search")
}

fn ids(results: &formant_library::SearchResults) -> Vec<&str> {
    results
        .results
        .iter()
        .map(|h| h.call.conversation_id.as_str())
        .collect()
}

fn library() -> TestStore {
    let t = TestStore::new();
    let global = t.global();
    let india = t.india();
    ingest(
        &t.store,
        global,
        &[
            call(
                "en-1",
                "completed",
                452,
                1_773_800_000,
                &[
                    "Hello, thank you for calling support.",
                    "I would like a refund for my last order.",
                    "Sure, the refund will reach you in five days.",
                ],
            ),
            call(
                "en-2",
                "failed",
                452,
                1_773_700_000,
                &["Hello?", "The line is bad."],
            ),
            call(
                "en-3",
                "completed",
                301,
                1_773_600_000,
                &["Your appointment is confirmed."],
            ),
        ],
    );
    ingest(
        &t.store,
        india,
        &[
            // "दाल" (lentils) and "दिल" (heart) differ only in their vowel signs.
            call(
                "hi-1",
                "completed",
                123,
                1_773_850_000,
                &[
                    "नमस्ते, मैं आपकी भुगतान की याद दिलाने के लिए बोल रही हूँ।",
                    "मुझे दाल चाहिए, भुगतान कल करूँगा।",
                ],
            ),
            call(
                "hi-2",
                "busy",
                123,
                1_773_750_000,
                &["मेरा दिल कहता है कल फोन करें।"],
            ),
            call(
                "ta-1",
                "completed",
                517,
                1_773_650_000,
                &["வணக்கம், உங்கள் பார்சல் இன்று வரும்.", "சரி, நன்றி."],
            ),
        ],
    );
    t
}

#[test]
fn english_words_and_phrases_are_found_in_their_turn() {
    let t = library();
    let found = search(&t, "refund", Filter::default());
    assert_eq!(found.total, 1);
    let hit = &found.results[0];
    assert_eq!(hit.call.conversation_id, "en-1");
    assert_eq!(hit.turn_index, Some(1), "the first turn that says it");
    assert_eq!(hit.turn_start_secs, Some(5.0));
    assert_eq!(hit.call.region, "global");
    assert_eq!(hit.call.account_label, "Support (global)");
    assert!(hit.snippet.marked("[", "]").contains("like a [refund] for"));
    // Case-insensitive, the start of a word, and a phrase that must occur as typed.
    assert_eq!(ids(&search(&t, "REFUN", Filter::default())), ["en-1"]);
    assert_eq!(
        ids(&search(&t, "\"refund will reach\"", Filter::default())),
        ["en-1"]
    );
    assert_eq!(search(&t, "\"refund reach\"", Filter::default()).total, 0);
    // Every word must occur.
    assert_eq!(search(&t, "refund appointment", Filter::default()).total, 0);
}

#[test]
fn hindi_is_found_whole_and_a_vowel_sign_tells_words_apart() {
    let t = library();
    let found = search(&t, "भुगतान", Filter::default());
    assert_eq!(ids(&found), ["hi-1"]);
    assert_eq!(found.results[0].turn_index, Some(0));
    assert_eq!(found.results[0].call.region, "in");
    // दाल and दिल share their consonants; only the vowel sign differs.
    let lentils = search(&t, "दाल", Filter::default());
    assert_eq!(ids(&lentils), ["hi-1"]);
    assert_eq!(lentils.results[0].turn_index, Some(1));
    assert!(lentils.results[0]
        .snippet
        .marked("[", "]")
        .contains("मुझे [दाल] चाहिए"));
    // दिल also starts दिलाने ("to remind"): the start of a word finds it.
    let heart = search(&t, "दिल", Filter::default());
    assert_eq!(heart.total, 2);
    assert!(!ids(&heart).contains(&"hi-3"));
    // A word with a vowel sign inside it, found from the middle of another word's turn.
    assert_eq!(ids(&search(&t, "दिलाने", Filter::default())), ["hi-1"]);
}

#[test]
fn unicode61_would_split_the_hindi_word_at_its_vowel_sign() {
    // Why the index tells unicode61 about the Indic signs: by default दाल and दिल are the
    // same tokens (the vowel signs are separators), so a search for one finds the other.
    let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61');
         INSERT INTO t VALUES ('मेरा दिल कहता है');",
    )
    .expect("fts5");
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM t WHERE t MATCH '\"दाल\"'",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(n, 1, "unicode61 confuses दाल with दिल");
    let t = library();
    assert_eq!(
        ids(&search(&t, "दाल", Filter::default())),
        ["hi-1"],
        "the store does not"
    );
}

#[test]
fn tamil_words_are_found() {
    let t = library();
    let found = search(&t, "பார்சல்", Filter::default());
    assert_eq!(ids(&found), ["ta-1"]);
    assert_eq!(found.results[0].turn_index, Some(0));
    assert!(found.results[0].snippet.marked("[", "]").contains("[பார்சல்]"));
    assert_eq!(ids(&search(&t, "நன்றி", Filter::default())), ["ta-1"]);
    assert_eq!(found.results[0].call.account_label, "Collections (India)");
}

#[test]
fn numbers_ids_reasons_and_results_are_found_without_a_turn() {
    let t = library();
    let by_reason = search(&t, "carrier", Filter::default());
    assert_eq!(by_reason.total, 2, "failed and busy calls have a reason");
    assert!(by_reason.results.iter().all(|h| h.turn_index.is_none()));
    assert_eq!(ids(&search(&t, "en-3", Filter::default())), ["en-3"]);
    assert_eq!(search(&t, "+1415555", Filter::default()).total, 6);
    let by_result = search(&t, "call ta-1", Filter::default());
    assert_eq!(ids(&by_result), ["ta-1"]);
}

#[test]
fn search_combines_with_filters_and_accounts() {
    let t = library();
    let global = t.global();
    let hello = |filter: Filter| {
        let mut found = ids(&search(&t, "hello", filter))
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
        found.sort();
        found
    };
    assert_eq!(hello(Filter::default()), ["en-1", "en-2"]);
    let failed = Filter {
        statuses: vec!["failed".into()],
        ..Filter::default()
    };
    assert_eq!(hello(failed), ["en-2"]);
    let since = Filter {
        from_ms: Some(1_773_750_000_000),
        ..Filter::default()
    };
    assert_eq!(hello(since), ["en-1"]);
    let agent_and_duration = Filter {
        agent_ids: vec![452],
        min_duration_s: Some(30.0),
        max_duration_s: Some(90.0),
        ..Filter::default()
    };
    assert_eq!(hello(agent_and_duration).len(), 2);
    let india_only = Filter {
        accounts: vec![t.india()],
        ..Filter::default()
    };
    assert!(hello(india_only).is_empty());
    let global_only = Filter {
        accounts: vec![global],
        ..Filter::default()
    };
    assert_eq!(search(&t, "carrier", global_only).total, 1);
}

#[test]
fn ranking_puts_the_call_that_says_it_most_first() {
    let t = TestStore::new();
    let account = t.global();
    ingest(
        &t.store,
        account,
        &[
            call(
                "once",
                "completed",
                1,
                1_773_800_000,
                &["a refund, maybe", "no more"],
            ),
            call(
                "often",
                "completed",
                1,
                1_773_700_000,
                &["refund refund", "refund please"],
            ),
        ],
    );
    assert_eq!(
        ids(&search(&t, "refund", Filter::default())),
        ["often", "once"]
    );
}

#[test]
fn short_words_and_word_starts_are_found() {
    let t = library();
    let found = search(&t, "is", Filter::default());
    let mut got = ids(&found);
    got.sort();
    assert_eq!(
        got,
        ["en-2", "en-3"],
        "\"is\" starts a word in these two only"
    );
    // As the user types: the start of a word finds it, in any script.
    assert_eq!(ids(&search(&t, "appoint", Filter::default())), ["en-3"]);
    assert_eq!(ids(&search(&t, "भुगत", Filter::default())), ["hi-1"]);
    assert_eq!(ids(&search(&t, "பார்", Filter::default())), ["ta-1"]);
    // The middle of a word is not the start of one.
    assert_eq!(search(&t, "fund", Filter::default()).total, 0);
    assert_eq!(ids(&search(&t, "refund you", Filter::default())), ["en-1"]);
    for nothing in ["  ", "+ —"] {
        let error = t
            .store
            .search(&SearchQuery {
                text: nothing.into(),
                limit: 5,
                ..SearchQuery::default()
            })
            .expect_err("refused");
        assert!(error.to_string().contains("type"), "{error}");
    }
}

#[test]
fn calls_without_details_are_found_by_their_list_fields() {
    let t = TestStore::new();
    let account = t.global();
    let record = call(
        "only-listed",
        "no_answer",
        7,
        1_773_800_000,
        &["never fetched"],
    );
    t.store
        .apply_list_page(account, &[common::list_item(&record)])
        .expect("page");
    assert_eq!(
        ids(&search(&t, "only-listed", Filter::default())),
        ["only-listed"]
    );
    assert_eq!(search(&t, "fetched", Filter::default()).total, 0);
    t.store
        .apply_details(account, "only-listed", &record)
        .expect("details");
    assert_eq!(
        ids(&search(&t, "fetched", Filter::default())),
        ["only-listed"]
    );
    assert_eq!(
        search(&t, "only-listed", Filter::default()).total,
        1,
        "indexed once"
    );
}

#[test]
fn beyond_max_ranked_matches_the_newest_come_first_and_accounts_still_count() {
    let t = TestStore::new();
    let (global, india) = (t.global(), t.india());
    let n = formant_library::MAX_RANKED as i64 + 1;
    // List entries only: their failure reason is indexed, so each matches "voicemail". The
    // start times are shuffled, so store order is not time order.
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "conversation_id": format!("vm-{i}"),
                "status": "no_answer",
                "failure_reason": "voicemail",
                "start_timestamp": 1_773_000_000 + (i * 7919) % n,
            })
        })
        .collect();
    for page in items.chunks(100) {
        t.store.apply_list_page(global, page).expect("page");
    }
    // One more in the other account, the newest of all.
    t.store
        .apply_list_page(
            india,
            &[
                serde_json::json!({"conversation_id": "vm-india", "failure_reason": "voicemail",
                                 "start_timestamp": 1_773_999_999}),
            ],
        )
        .expect("page");

    let mine = Filter {
        accounts: vec![global],
        ..Filter::default()
    };
    let found = search(&t, "voicemail", mine);
    assert_eq!(found.total, n as u64);
    assert!(!found.ranked, "too many to rank");
    let starts: Vec<i64> = found
        .results
        .iter()
        .map(|h| h.call.start_ms.expect("start"))
        .collect();
    let mut newest: Vec<i64> = (0..n)
        .map(|i| (1_773_000_000 + (i * 7919) % n) * 1000)
        .collect();
    newest.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(starts, newest[..20], "the newest of the account, in order");

    // Both accounts: the filter covers the store, and the other account's call is first.
    let both = Filter {
        accounts: vec![global, india],
        ..Filter::default()
    };
    let found = search(&t, "voicemail", both);
    assert_eq!(found.total, n as u64 + 1);
    assert_eq!(found.results[0].call.conversation_id, "vm-india");
    // The India account alone: one match, ranked.
    let theirs = Filter {
        accounts: vec![india],
        ..Filter::default()
    };
    let found = search(&t, "voicemail", theirs);
    assert_eq!((found.total, found.ranked), (1, true));
    assert_eq!(ids(&found), ["vm-india"]);

    // A next page of the newest continues the first, at any offset.
    let page = |offset: u32, limit: u32| {
        t.store
            .search(&SearchQuery {
                text: "voicemail".into(),
                filter: Filter::default(),
                offset,
                limit,
            })
            .expect("search")
    };
    let first = page(0, 30);
    let second = page(10, 10);
    assert_eq!(second.total, n as u64 + 1);
    assert_eq!(ids(&second), ids(&first)[10..20]);
    assert!(
        page(n as u32 + 5, 10).results.is_empty(),
        "past the last match"
    );
}

#[test]
fn a_next_page_of_ranked_results_continues_the_first() {
    let t = library();
    let page = |offset: u32, limit: u32| {
        t.store
            .search(&SearchQuery {
                text: "hello".into(),
                filter: Filter::default(),
                offset,
                limit,
            })
            .expect("search")
    };
    let all = page(0, 20);
    assert!(all.ranked && all.total >= 2, "{all:?}");
    let ranks: Vec<f64> = all.results.iter().map(|h| h.rank).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "best first: {ranks:?}"
    );
    let rest = page(1, 20);
    assert_eq!(rest.total, all.total);
    assert_eq!(ids(&rest), ids(&all)[1..]);
}
