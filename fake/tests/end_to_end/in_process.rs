//! The fake's router served by hand, next to other routes, as a test would embed it.

use gemini_fake::{Fake, DEFAULT_API_KEY};
use gemini_v1beta::types::*;
use gemini_v1beta::{Client, RetryPolicy};

#[tokio::test]
async fn the_router_serves_by_hand_and_clones_share_state() {
    let fake = Fake::new();
    let app = fake
        .router()
        .route("/healthz", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::builder()
        .api_key(DEFAULT_API_KEY)
        .base_url(&base_url)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();

    let corpus = client
        .corpora()
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_display_name("In process")))
        .await
        .unwrap();
    // Another clone sees the same state, through its own router.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let second_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(fake.clone().serve(listener));
    let second = Client::builder()
        .api_key(DEFAULT_API_KEY)
        .base_url(&second_url)
        .retry(RetryPolicy::NONE)
        .build()
        .unwrap();
    let got = second
        .corpora()
        .get(GetCorpusRequest::new().set_name(corpus.name.clone()))
        .await
        .unwrap();
    assert_eq!(got, corpus);
    assert!(format!("{fake:?}").contains("corpora: 1"), "{fake:?}");

    let health = reqwest::get(format!("{base_url}/healthz"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(health, "ok");
}
