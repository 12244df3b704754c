//! streamGenerateContent through the public client: responses arrive as
//! server-sent events, whatever the network does to them.

use apigen_runtime::Code;
use apigen_tests::{RecordingServer, Reply};
use futures_util::StreamExt;
use gemini_v1beta::types::{GenerateContentRequest, GenerateContentResponse};
use gemini_v1beta::Error;

fn chunk(text: &str) -> String {
    let event = serde_json::json!({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}}]});
    format!("data: {event}\r\n\r\n")
}

fn text_of(response: &GenerateContentResponse) -> String {
    let parts = &response.candidates[0].content.as_ref().unwrap().parts;
    match parts[0].text() {
        Some(text) => text.to_owned(),
        None => panic!("expected text, got {:?}", parts[0].data),
    }
}

fn request() -> GenerateContentRequest {
    GenerateContentRequest::new().set_model("models/gemini-2.0-flash")
}

async fn collect(server: &RecordingServer) -> Vec<Result<GenerateContentResponse, Error>> {
    let stream = server
        .gemini_client()
        .models()
        .stream_generate_content(request())
        .await
        .unwrap();
    stream.collect().await
}

#[tokio::test]
async fn events_split_across_reads_arrive_whole_and_in_order() {
    let whole: String = ["Hel", "lo, ", "world"]
        .iter()
        .map(|text| chunk(text))
        .collect();
    let last = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"!\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"totalTokenCount\":9}}\n\n";
    let whole = whole + last;
    // Cut the body into 7-byte pieces so every event spans several reads.
    let pieces: Vec<String> = whole
        .as_bytes()
        .chunks(7)
        .map(|piece| String::from_utf8(piece.to_vec()).unwrap())
        .collect();
    let server = RecordingServer::start(move |_| Reply::Sse(pieces.clone())).await;
    let items = collect(&server).await;
    let texts: Vec<String> = items
        .iter()
        .map(|item| text_of(item.as_ref().unwrap()))
        .collect();
    assert_eq!(texts, ["Hel", "lo, ", "world", "!"]);
    let last = items.last().unwrap().as_ref().unwrap();
    assert_eq!(last.usage_metadata.as_ref().unwrap().total_token_count, 9);
    let sent = server.take();
    assert_eq!(sent[0].query, [("alt".to_owned(), "sse".to_owned())]);
}

#[tokio::test]
async fn several_events_in_one_read_are_all_delivered() {
    let body = chunk("a") + &chunk("b") + &chunk("c");
    let server = RecordingServer::start(move |_| Reply::Sse(vec![body.clone()])).await;
    let texts: Vec<String> = collect(&server)
        .await
        .iter()
        .map(|item| text_of(item.as_ref().unwrap()))
        .collect();
    assert_eq!(texts, ["a", "b", "c"]);
}

#[tokio::test]
async fn an_error_event_mid_stream_ends_the_stream_with_that_error() {
    let error = "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\n\n";
    let events = vec![chunk("partial"), error.to_owned(), chunk("never seen")];
    let server = RecordingServer::start(move |_| Reply::Sse(events.clone())).await;
    let items = collect(&server).await;
    assert_eq!(
        items.len(),
        2,
        "the stream stops after the error: {items:?}"
    );
    assert_eq!(text_of(items[0].as_ref().unwrap()), "partial");
    match &items[1] {
        Err(Error::Api(error)) => {
            assert_eq!(error.http_status, 503);
            assert_eq!(error.status.code, Code::Unavailable);
            assert_eq!(error.status.message, "The model is overloaded.");
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_cut_connection_ends_the_stream_with_an_error() {
    let server = RecordingServer::start(|_| {
        Reply::SseThenCut(vec![chunk("one"), "data: {\"candi".to_owned()])
    })
    .await;
    let items = collect(&server).await;
    assert_eq!(text_of(items[0].as_ref().unwrap()), "one");
    assert!(
        matches!(items.last(), Some(Err(Error::Transport(_)))),
        "{items:?}"
    );
}

#[tokio::test]
async fn a_garbled_event_is_a_decode_error_not_a_panic() {
    let server =
        RecordingServer::start(|_| Reply::Sse(vec!["data: {not json\n\n".to_owned()])).await;
    let items = collect(&server).await;
    match &items[..] {
        [Err(Error::Decode { snippet, .. })] => assert_eq!(snippet, "{not json"),
        other => panic!("expected one decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_error_answer_before_the_stream_starts_is_returned_by_the_call() {
    let server = RecordingServer::start(|_| {
        Reply::Json(400, serde_json::json!({"error": {"code": 400, "message": "bad model", "status": "INVALID_ARGUMENT"}}))
    })
    .await;
    let error = server
        .gemini_client()
        .models()
        .stream_generate_content(request())
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(400));
}
