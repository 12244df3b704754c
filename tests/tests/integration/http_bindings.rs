//! Every REST method of the generated Gemini client, called against a
//! loopback server: the exact verb, path, query and JSON body each one sends
//! (the wire forms of [`method_table`]), the API key header, and the answer
//! the client decodes.

use apigen_tests::{RecordingServer, Reply};
use gemini_v1beta::types::*;
use gemini_v1beta::Error;
use serde_json::json;

use crate::method_table::{cases, check_client, gemini_answer};

/// Each case's request, sent by the generated client: one request on the
/// wire, equal to the case's wire form, with the API key; the client decodes
/// the case's answer.
#[tokio::test]
async fn every_method_sends_its_wire_form() {
    check_client(
        &cases(),
        RecordingServer::gemini_client,
        gemini_answer,
        ("x-goog-api-key", "test-key"),
    )
    .await;
}

/// A resource name that does not match its path template is refused before
/// anything is sent.
#[tokio::test]
async fn names_that_do_not_match_the_template_are_refused() {
    let server = RecordingServer::start(|_| Reply::Json(200, json!({}))).await;
    let client = server.gemini_client();

    for name in ["files/x", "corpora/a/b", "corpora/..", "corpora/", ""] {
        let result = client
            .corpora()
            .get(GetCorpusRequest::new().set_name(name))
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "corpora.get with name {name:?} gave {result:?}"
        );
    }

    // A parent where a document name is expected.
    let result = client
        .corpora()
        .documents()
        .get(GetDocumentRequest::new().set_name("corpora/manuals"))
        .await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "corpora.documents.get with a corpus name gave {result:?}"
    );

    // A dotted path variable whose message is absent, or names another resource.
    for corpus in [None, Some(Corpus::new().set_name("tunedModels/x"))] {
        let mut request = UpdateCorpusRequest::new();
        request.corpus = corpus.clone();
        let result = client.corpora().patch(request).await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "corpora.patch with corpus {corpus:?} gave {result:?}"
        );
    }

    assert_eq!(server.take(), Vec::new(), "nothing should have been sent");
}
