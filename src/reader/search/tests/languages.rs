//! The search files in other languages: accents and harakat folded, Japanese found
//! inside sentences, and a 1,000-stage Japanese roadmap's files within the limits and
//! near the same roadmap's in English.

use std::collections::HashMap;

use serde_json::Value;

use super::client::{Client, Found};
use super::{Stage, build, stage_of};
use crate::reader::search::{FRAGMENT_BYTES, Limits, META, SHARD_BYTES};

/// The first result's stage and entry for `query`, and the shards it fetched.
fn first(files: &HashMap<String, Vec<u8>>, query: &str) -> (Option<(usize, usize)>, usize) {
    let mut client = Client {
        files,
        fetched: Vec::new(),
    };
    let found = client.search(query);
    let shards = client.fetched.iter().filter(|f| f.contains("/s-")).count();
    (found.first().map(|f| (f.stage, f.entry)), shards)
}

#[test]
fn accents_and_harakat_are_folded_both_ways() {
    let stages = [
        stage_of("Bases de données", "Modèles et requêtes", &["Café et thé"]),
        stage_of("Straße und Weg", "", &["Ｄｊａｎｇｏ ＯＲＭ"]),
        stage_of("قواعد البيانات", "", &["كِتَابَةُ الاستعلامات"]),
        stage_of("Autre", "", &["Rien"]),
    ];
    let (_, files) = build(&stages, Limits::DEFAULT);
    for (query, want) in [
        ("donnees", (0, 0)),
        ("DONNÉES", (0, 0)),
        ("données", (0, 0)),
        ("modeles requetes", (0, 0)),
        ("cafe", (0, 1)),
        ("strasse", (1, 0)),
        ("STRASSE", (1, 0)),
        ("django orm", (1, 1)),
        // Typed without harakat, and with.
        ("كتابة", (2, 1)),
        ("كِتابة", (2, 1)),
        ("الاستعلامات", (2, 1)),
    ] {
        assert_eq!(first(&files, query).0, Some(want), "{query:?}");
    }
}

/// A Japanese sentence is one run of letters: a query of one, two or three characters
/// inside it finds it, asking the index (one shard) whenever it has two.
#[test]
fn words_inside_japanese_sentences_are_found() {
    let stages = [
        stage_of("データベースの基本", "", &["テーブルを設計して正規化する"]),
        stage_of("ウェブ開発入門", "最初の一歩", &["Pythonでサーバーを書く"]),
        stage_of("テスト", "", &["単体テストを書いて実行する"]),
    ];
    let (_, files) = build(&stages, Limits::DEFAULT);
    for (query, want, shards) in [
        ("設計", (0, 1), 1),
        ("正規化", (0, 1), 1),
        ("基本", (0, 0), 1),
        ("入門", (1, 0), 1),
        ("一歩", (1, 0), 1),
        ("python", (1, 1), 1),
        ("onでサ", (1, 1), 1),
        ("実", (2, 1), 1),
        ("テスト 実行", (2, 1), 1),
    ] {
        assert_eq!(first(&files, query), (Some(want), shards), "{query:?}");
    }
    // Pairs in the query that are in no stage: nothing, and no fragment fetched.
    let mut client = Client {
        files: &files,
        fetched: Vec::new(),
    };
    assert_eq!(client.search("設正"), Vec::<Found>::new());
    assert!(!client.fetched.iter().any(|f| f.contains("/f-")));
}

/// Words of a roadmap, in Japanese and in English: sentences are made of two nouns
/// and a verb, some 18,000 different ones, as varied as a real roadmap's.
const NOUNS: &[(&str, &str)] = &[
    ("データベース", "database"),
    ("テーブル", "table"),
    ("正規化", "normalization"),
    ("インデックス", "index"),
    ("トランザクション", "transaction"),
    ("分離レベル", "isolation level"),
    ("ウェブサーバー", "web server"),
    ("単体テスト", "unit test"),
    ("結合テスト", "integration test"),
    ("認証", "authentication"),
    ("認可", "authorization"),
    ("キャッシュ", "cache"),
    ("応答時間", "response time"),
    ("非同期処理", "asynchronous processing"),
    ("ログ", "log"),
    ("障害", "failure"),
    ("型注釈", "type annotation"),
    ("継続的インテグレーション", "continuous integration"),
    ("パスワード", "password"),
    ("フォーム", "form"),
    ("問い合わせ", "query"),
    ("本番環境", "production"),
    ("監視", "monitoring"),
    ("警報", "alert"),
    ("設定ファイル", "configuration file"),
    ("依存関係", "dependency"),
    ("移行", "migration"),
    ("管理画面", "admin site"),
    ("静的ファイル", "static file"),
    ("権限", "permission"),
];
const VERBS: &[(&str, &str)] = &[
    ("設計する", "design"),
    ("理解する", "understand"),
    ("速くする", "speed up"),
    ("学ぶ", "learn"),
    ("配置する", "deploy"),
    ("書く", "write"),
    ("実装する", "implement"),
    ("短くする", "shorten"),
    ("実行する", "run"),
    ("調べる", "investigate"),
    ("読む", "read"),
    ("設定する", "set up"),
    ("保存する", "store"),
    ("検証する", "validate"),
    ("減らす", "reduce"),
    ("比べる", "compare"),
    ("測る", "measure"),
    ("直す", "fix"),
    ("守る", "protect"),
    ("分ける", "split"),
];

/// A sentence in `language` (`0` Japanese, `1` English) picked by `seed`.
fn sentence(language: usize, seed: usize) -> String {
    let x = seed.wrapping_mul(2_654_435_761) >> 7;
    let (a, b) = (NOUNS[x % 30], NOUNS[(x / 30) % 30]);
    let verb = VERBS[(x / 900) % 20];
    match language {
        0 => format!("{}と{}を{}", a.0, b.0, verb.0),
        _ => format!("{} the {} and the {}", verb.1, a.1, b.1),
    }
}

/// Stage `i` of a roadmap in one language (`0` Japanese, `1` English).
fn stage_in(language: usize, i: usize) -> Stage {
    let title = match language {
        0 => format!("第{i}段階: {}", sentence(0, i * 8)),
        _ => format!("Stage {i}: {}", sentence(1, i * 8)),
    };
    let items: Vec<String> = (1..7).map(|k| sentence(language, i * 8 + k)).collect();
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    stage_of(&title, &sentence(language, i * 8 + 7), &items)
}

/// A thousand stages in Japanese: every shard within [`SHARD_BYTES`] (or one key),
/// every fragment within [`FRAGMENT_BYTES`], `meta.json` small, and the whole not
/// much heavier than the same roadmap in English.
#[test]
fn a_japanese_roadmap_stays_within_the_limits() {
    let mut totals = [0; 2];
    for (language, total) in totals.iter_mut().enumerate() {
        let stages: Vec<Stage> = (0..1000).map(|i| stage_in(language, i)).collect();
        let (_, files) = build(&stages, Limits::DEFAULT);
        *total = files.values().map(Vec::len).sum::<usize>();
        for (rel, bytes) in &files {
            let json: Value = serde_json::from_slice(bytes).unwrap();
            if rel.contains("/s-") {
                let keys = json.as_object().unwrap().len();
                assert!(bytes.len() <= SHARD_BYTES || keys == 1, "{rel}");
            } else if rel.contains("/f-") {
                let stages = json.as_array().unwrap().len();
                assert!(bytes.len() <= FRAGMENT_BYTES || stages == 1, "{rel}");
            }
        }
        let meta = files[META].len();
        let shards = files.keys().filter(|f| f.contains("/s-")).count();
        eprintln!(
            "{}: search/ {total} bytes in {} files, {shards} shards, meta.json {meta} bytes",
            ["ja", "en"][language],
            files.len()
        );
        assert!(meta < 4000, "meta.json is {meta} bytes");
        // Shards cut by code: some for all the characters of a range of code points.
        let inside = |f: &String| {
            let name = f
                .strip_prefix("search/s-")
                .and_then(|n| n.strip_suffix(".json"));
            name.is_some_and(|n| n.matches('_').count() % 2 == 1)
        };
        assert_eq!(files.keys().any(inside), language == 0);
        // A word of three characters (one of thirty nouns, in a third of the stages):
        // a shard per pair, and fragments.
        let query = ["正規化", "normalization"][language];
        let mut client = Client {
            files: &files,
            fetched: Vec::new(),
        };
        assert_eq!(client.search(query).len(), 10);
        let shards = client.fetched.iter().filter(|f| f.contains("/s-")).count();
        eprintln!("{query:?}: {} bytes, {shards} shards", client.bytes());
        assert!(client.bytes() < 120_000, "{query:?}: {}", client.bytes());
    }
    assert!(totals[0] < 2 * totals[1], "{totals:?}");
}
