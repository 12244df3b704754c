//! Seeded ids: with the same seed (and a manual clock at the same start),
//! the same requests get the same answers, names, response ids and times included.

use std::time::{Duration, SystemTime};

use gemini_fake::{Clock, Fake};
use gemini_v1beta::codec::to_value as json;
use gemini_v1beta::types::*;
use gemini_v1beta::Media;
use serde_json::Value;

use crate::serve;
use crate::tuned_models::tuning_request;

/// The answers of a fixed run of creations on a fake seeded with `seed`
/// (file URIs left out: they name the fake's port).
async fn run(seed: u64) -> Vec<Value> {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let fake = Fake::with_clock(Clock::manual_at(start)).seed(seed);
    let (client, fake, _) = serve(fake).await;
    let corpus = client
        .corpora()
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_display_name("Notes")))
        .await
        .unwrap();
    let document = client
        .corpora()
        .documents()
        .create(
            CreateDocumentRequest::new()
                .set_parent(corpus.name.clone())
                .set_document(Document::new()),
        )
        .await
        .unwrap();
    let chunk = client
        .corpora()
        .documents()
        .chunks()
        .create(
            CreateChunkRequest::new()
                .set_parent(document.name.clone())
                .set_chunk(Chunk::new().set_data(ChunkData::new().set_string_value("hi"))),
        )
        .await
        .unwrap();
    let permission = client
        .corpora()
        .permissions()
        .create(
            CreatePermissionRequest::new()
                .set_parent(corpus.name.clone())
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::Everyone)
                        .set_role(permission::Role::Reader),
                ),
        )
        .await
        .unwrap();
    fake.clock().advance(Duration::from_millis(1500));
    let cache = client
        .cached_contents()
        .create(
            CreateCachedContentRequest::new()
                .set_cached_content(CachedContent::new().set_model("models/gemini-2.0-flash")),
        )
        .await
        .unwrap();
    let mut file = client
        .media()
        .upload_media(
            CreateFileRequest::new(),
            Media::from_bytes(b"seeded".to_vec(), "text/plain"),
        )
        .await
        .unwrap()
        .file
        .unwrap();
    file.uri.clear();
    let operation = client
        .tuned_models()
        .create(tuning_request(None))
        .await
        .unwrap();
    let answer = client
        .models()
        .generate_content(
            GenerateContentRequest::new()
                .set_model("models/gemini-2.0-flash")
                .set_contents([Content::new()
                    .set_role("user")
                    .set_parts([Part::new().set_text("hi")])]),
        )
        .await
        .unwrap();
    vec![
        json(&corpus),
        json(&document),
        json(&chunk),
        json(&permission),
        json(&cache),
        json(&file),
        Value::String(operation.name().to_owned()),
        json(&operation.metadata().unwrap().unwrap()),
        json(&answer),
    ]
}

/// Whether `id` has the shape of the fake's made-up ids: 12 lowercase
/// letters and digits, starting with a letter.
fn is_made_up(id: &str) -> bool {
    id.len() == 12
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

#[tokio::test]
async fn the_same_seed_makes_up_the_same_ids() {
    let first = run(42).await;
    assert_eq!(first, run(42).await);
    let other = run(43).await;
    let name = |answers: &[Value], i: usize| answers[i]["name"].as_str().unwrap().to_owned();
    for i in 0..6 {
        assert_ne!(name(&first, i), name(&other, i), "answer {i}");
    }
    assert_ne!(first[6], other[6], "operation names");
    assert_ne!(first[8]["responseId"], other[8]["responseId"]);

    // The shapes the API uses.
    let corpus = name(&first, 0);
    let slug = corpus.strip_prefix("corpora/notes-").unwrap();
    assert!(is_made_up(slug), "{corpus}");
    let id_after = |i: usize, prefix: &str| {
        let name = name(&first, i);
        let id = name.rsplit_once(prefix).unwrap().1.to_owned();
        assert!(is_made_up(&id), "{name}");
    };
    id_after(1, "/documents/");
    id_after(2, "/chunks/");
    id_after(3, "/permissions/");
    id_after(4, "cachedContents/");
    id_after(5, "files/");
    let operation = first[6].as_str().unwrap();
    let (model, id) = operation.split_once("/operations/").unwrap();
    assert!(
        model.starts_with("tunedModels/counter-") && is_made_up(id),
        "{operation}"
    );

    let response_id = first[8]["responseId"].as_str().unwrap();
    assert!(
        response_id.len() == 23 && response_id.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{response_id}"
    );
    assert_eq!(first[8]["modelVersion"], "gemini-2.0-flash");

    // Times come from the manual clock: the start, then 1.5 s later.
    assert_eq!(first[0]["createTime"], "2025-06-15T15:06:40Z");
    assert_eq!(first[4]["createTime"], "2025-06-15T15:06:41.500Z");
    assert_eq!(first[4]["expireTime"], "2025-06-15T16:06:41.500Z");
}
