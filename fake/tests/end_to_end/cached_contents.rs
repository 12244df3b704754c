//! Context caches with ttl and expireTime.

use std::time::Duration as StdDuration;

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::{Duration, FieldMask, Timestamp};

use crate::{expect_error, start};

fn cache_request(ttl: Option<Duration>) -> CreateCachedContentRequest {
    CreateCachedContentRequest {
        cached_content: Some(CachedContent {
            model: Some("models/gemini-1.5-flash-001".into()),
            display_name: Some("notes".into()),
            contents: vec![Content {
                role: "user".into(),
                parts: vec![Part {
                    data: Some(PartData::Text("a".repeat(400))),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            expiration: ttl.map(CachedContentExpiration::Ttl),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn expire_time(cached: &CachedContent) -> Timestamp {
    match cached.expiration {
        Some(CachedContentExpiration::ExpireTime(time)) => time,
        ref other => panic!("expected an expireTime, got {other:?}"),
    }
}

#[tokio::test]
async fn ttl_becomes_expire_time_and_patch_extends_it() {
    let (client, _, _) = start().await;
    let caches = client.cached_contents();

    let cached = caches
        .create(cache_request(Some(Duration::from_secs(600))))
        .await
        .unwrap();
    let name = cached.name.clone().unwrap();
    assert!(name.starts_with("cachedContents/"), "{name}");
    let created = cached.create_time.unwrap();
    let expires = expire_time(&cached);
    assert!(
        (expires.seconds - created.seconds - 600).abs() <= 1,
        "{created} + 600s vs {expires}"
    );
    assert_eq!(
        cached.usage_metadata.as_ref().map(|u| u.total_token_count),
        Some(100)
    );
    assert!(cached.contents.is_empty(), "contents are not answered");
    assert_eq!(cached.model.as_deref(), Some("models/gemini-1.5-flash-001"));

    // Without ttl: one hour.
    let default = caches.create(cache_request(None)).await.unwrap();
    let span = expire_time(&default).seconds - default.create_time.unwrap().seconds;
    assert!((3599..=3601).contains(&span), "{span}");

    let no_model = caches
        .create(CreateCachedContentRequest {
            cached_content: Some(CachedContent::default()),
            ..Default::default()
        })
        .await;
    expect_error(no_model, "INVALID_ARGUMENT");
    let negative = caches
        .create(cache_request(Some(Duration {
            seconds: -5,
            nanos: 0,
        })))
        .await;
    expect_error(negative, "INVALID_ARGUMENT");
    let too_far = caches
        .create(cache_request(Some(Duration::from_secs(315_576_000_000))))
        .await;
    expect_error(too_far, "INVALID_ARGUMENT");

    let got = caches
        .get(GetCachedContentRequest {
            name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(got, cached);

    let patched = caches
        .patch(UpdateCachedContentRequest {
            cached_content: Some(CachedContent {
                name: Some(name.clone()),
                display_name: Some("not changed".into()),
                expiration: Some(CachedContentExpiration::Ttl(Duration::from_secs(7200))),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["ttl"])),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(expire_time(&patched).seconds >= expires.seconds + 6500);
    assert_eq!(patched.display_name.as_deref(), Some("notes"));
    let immutable = caches
        .patch(UpdateCachedContentRequest {
            cached_content: Some(CachedContent {
                name: Some(name.clone()),
                model: Some("models/other".into()),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["model"])),
            ..Default::default()
        })
        .await;
    expect_error(immutable, "INVALID_ARGUMENT");

    let all: Vec<CachedContent> = caches
        .list_items(ListCachedContentsRequest {
            page_size: 1,
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    caches
        .delete(DeleteCachedContentRequest {
            name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let message = expect_error(
        caches
            .get(GetCachedContentRequest {
                name: name.clone(),
                ..Default::default()
            })
            .await,
        "NOT_FOUND",
    );
    assert!(message.contains(&name), "{message}");
}

#[tokio::test]
async fn expired_caches_are_gone() {
    let (client, _, _) = start().await;
    let caches = client.cached_contents();
    let cached = caches
        .create(cache_request(Some(Duration::from(
            StdDuration::from_millis(1000),
        ))))
        .await
        .unwrap();
    let name = cached.name.unwrap();
    caches
        .get(GetCachedContentRequest {
            name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    tokio::time::sleep(StdDuration::from_millis(1300)).await;
    expect_error(
        caches
            .get(GetCachedContentRequest {
                name,
                ..Default::default()
            })
            .await,
        "NOT_FOUND",
    );
    let listed = caches
        .list(ListCachedContentsRequest::default())
        .await
        .unwrap();
    assert!(listed.cached_contents.is_empty());
}
