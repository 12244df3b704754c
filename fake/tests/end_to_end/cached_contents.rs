//! Context caches with ttl and expireTime.

use std::time::Duration as StdDuration;

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::{Duration, FieldMask, Timestamp};

use crate::{expect_error, start};

fn cache_request(ttl: Option<Duration>) -> CreateCachedContentRequest {
    let mut cached = CachedContent::new()
        .set_model("models/gemini-1.5-flash-001")
        .set_display_name("notes")
        .set_contents([Content::new()
            .set_role("user")
            .set_parts([Part::new().set_text("a".repeat(400))])]);
    cached.expiration = ttl.map(cached_content::Expiration::Ttl);
    CreateCachedContentRequest::new().set_cached_content(cached)
}

fn expire_time(cached: &CachedContent) -> Timestamp {
    match cached.expire_time() {
        Some(time) => *time,
        None => panic!("expected an expireTime, got {:?}", cached.expiration),
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
        .create(CreateCachedContentRequest::new().set_cached_content(CachedContent::new()))
        .await;
    expect_error(no_model, "INVALID_ARGUMENT");
    // The model must be in the catalog and cache: the check generation makes too.
    for (model, method) in [
        ("models/no-such-model", "createCachedContent"),
        ("models/gemini-embedding-001", "createCachedContent"),
    ] {
        let request = CreateCachedContentRequest::new()
            .set_cached_content(CachedContent::new().set_model(model));
        let message = expect_error(caches.create(request).await, "NOT_FOUND");
        assert!(
            message.starts_with(&format!(
                "{model} is not found for API version v1beta, or is not supported for {method}"
            )),
            "{message}"
        );
    }
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
        .get(GetCachedContentRequest::new().set_name(name.clone()))
        .await
        .unwrap();
    assert_eq!(got, cached);

    let patched = caches
        .patch(
            UpdateCachedContentRequest::new()
                .set_cached_content(
                    CachedContent::new()
                        .set_name(name.clone())
                        .set_display_name("not changed")
                        .set_ttl(Duration::from_secs(7200)),
                )
                .set_update_mask(FieldMask::new(["ttl"])),
        )
        .await
        .unwrap();
    assert!(expire_time(&patched).seconds >= expires.seconds + 6500);
    assert_eq!(patched.display_name.as_deref(), Some("notes"));
    let immutable = caches
        .patch(
            UpdateCachedContentRequest::new()
                .set_cached_content(
                    CachedContent::new()
                        .set_name(name.clone())
                        .set_model("models/other"),
                )
                .set_update_mask(FieldMask::new(["model"])),
        )
        .await;
    expect_error(immutable, "INVALID_ARGUMENT");

    let all: Vec<CachedContent> = caches
        .list_items(ListCachedContentsRequest::new().set_page_size(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);

    caches
        .delete(DeleteCachedContentRequest::new().set_name(name.clone()))
        .await
        .unwrap();
    let message = expect_error(
        caches
            .get(GetCachedContentRequest::new().set_name(name.clone()))
            .await,
        "NOT_FOUND",
    );
    assert!(message.contains(&name), "{message}");
}

#[tokio::test]
async fn expired_caches_are_gone() {
    let (client, fake, _) = start().await;
    let caches = client.cached_contents();
    let cached = caches
        .create(cache_request(Some(Duration::from(
            StdDuration::from_millis(1000),
        ))))
        .await
        .unwrap();
    let name = cached.name.unwrap();
    fake.clock().advance(StdDuration::from_millis(999));
    caches
        .get(GetCachedContentRequest::new().set_name(name.clone()))
        .await
        .unwrap();
    fake.clock().advance(StdDuration::from_millis(1));
    expect_error(
        caches
            .get(GetCachedContentRequest::new().set_name(name))
            .await,
        "NOT_FOUND",
    );
    let listed = caches.list(ListCachedContentsRequest::new()).await.unwrap();
    assert!(listed.cached_contents.is_empty());
}
