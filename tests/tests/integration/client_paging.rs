//! List methods as streams of pages and of items, following nextPageToken.

use apigen_tests::{RecordingServer, Reply};
use futures_util::{StreamExt, TryStreamExt};
use gemini_v1beta::types::ListCorporaRequest;
use gemini_v1beta::Error;
use serde_json::json;

/// Three pages of corpora: tokens "" → "p2" → "p3" → end.
async fn three_page_server() -> RecordingServer {
    RecordingServer::start(|request| {
        let token = request
            .query
            .iter()
            .find(|(name, _)| name == "pageToken")
            .map(|(_, value)| value.as_str());
        let (names, next) = match token {
            None => (vec!["corpora/a", "corpora/b"], "p2"),
            Some("p2") => (vec!["corpora/c", "corpora/d"], "p3"),
            Some("p3") => (vec!["corpora/e"], ""),
            Some(other) => panic!("unexpected token {other}"),
        };
        let corpora: Vec<_> = names.iter().map(|name| json!({"name": name})).collect();
        let mut page = json!({"corpora": corpora});
        if !next.is_empty() {
            page["nextPageToken"] = json!(next);
        }
        Reply::Json(200, page)
    })
    .await
}

#[tokio::test]
async fn items_stream_walks_all_three_pages_lazily() {
    let server = three_page_server().await;
    let client = server.gemini_client();
    let request = ListCorporaRequest::new().set_page_size(2);
    let mut items = client.corpora().list_items(request);
    assert!(
        server.take().is_empty(),
        "nothing is fetched before the stream is read"
    );
    let first = items.next().await.unwrap().unwrap();
    assert_eq!(first.name, "corpora/a");
    assert_eq!(
        server.take().len(),
        1,
        "one page fetched for the first item"
    );
    let rest: Vec<String> = items
        .map_ok(|corpus| corpus.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest, ["corpora/b", "corpora/c", "corpora/d", "corpora/e"]);
    let sent = server.take();
    let queries: Vec<_> = sent.iter().map(|request| request.query.clone()).collect();
    assert_eq!(
        queries,
        [
            vec![
                ("pageSize".to_owned(), "2".to_owned()),
                ("pageToken".to_owned(), "p2".to_owned())
            ],
            vec![
                ("pageSize".to_owned(), "2".to_owned()),
                ("pageToken".to_owned(), "p3".to_owned())
            ],
        ]
    );
}

#[tokio::test]
async fn pages_stream_yields_each_page() {
    let server = three_page_server().await;
    let pages: Vec<_> = server
        .gemini_client()
        .corpora()
        .list_pages(ListCorporaRequest::new())
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|page| page.corpora.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(pages[0].next_page_token, "p2");
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_with_it() {
    let server = RecordingServer::start(|request| {
        if request.query.is_empty() {
            Reply::Json(
                200,
                json!({"corpora": [{"name": "corpora/a"}], "nextPageToken": "p2"}),
            )
        } else {
            Reply::Json(
                403,
                json!({"error": {"code": 403, "message": "no", "status": "PERMISSION_DENIED"}}),
            )
        }
    })
    .await;
    let items: Vec<_> = server
        .gemini_client()
        .corpora()
        .list_items(ListCorporaRequest::new())
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(matches!(&items[1], Err(error) if error.http_status() == Some(403)));
}

#[tokio::test]
async fn a_server_that_repeats_its_token_does_not_loop_forever() {
    let server = RecordingServer::start(|_| {
        Reply::Json(200, json!({"corpora": [], "nextPageToken": "same"}))
    })
    .await;
    let pages: Vec<_> = server
        .gemini_client()
        .corpora()
        .list_pages(ListCorporaRequest::new())
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert!(
        matches!(&pages[1], Err(Error::InvalidResponse(message)) if message.contains("same page token"))
    );
}
