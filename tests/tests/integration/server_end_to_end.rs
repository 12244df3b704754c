//! The generated client against a server built from the same spec: what the
//! server decodes equals what the client sent, and what the client decodes
//! equals what the server answered; plus the router's error answers.

use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use gemini_v1beta::server::{router, AuthorizeRequest, Service};
use gemini_v1beta::types::*;
use gemini_v1beta::{Client, FieldMask, LongRunning, PollPolicy};
use serde_json::{json, Value};

use apigen_runtime::server::{ServerError, ServerStream};
use apigen_runtime::Code;

/// Records every decoded request (as JSON) and answers canned messages.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<Value>>>,
}

impl Recorder {
    fn record<T: serde::Serialize>(&self, request: &T) {
        self.seen
            .lock()
            .unwrap()
            .push(serde_json::to_value(request).unwrap());
    }

    fn take(&self) -> Vec<Value> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

impl Service for Recorder {
    async fn models_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<GenerateContentResponse, ServerError> {
        self.record(&request);
        Ok(serde_json::from_value(json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "hi"}]}, "finishReason": "STOP"}], "usageMetadata": {"totalTokenCount": 3}})).unwrap())
    }

    async fn models_stream_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<ServerStream<GenerateContentResponse>, ServerError> {
        self.record(&request);
        let chunks = ["a", "b", "c"].map(|text| {
            Ok(serde_json::from_value(
                json!({"candidates": [{"content": {"parts": [{"text": text}]}}]}),
            )
            .unwrap())
        });
        Ok(Box::pin(futures_util::stream::iter(chunks)))
    }

    async fn corpora_patch(&self, request: UpdateCorpusRequest) -> Result<Corpus, ServerError> {
        self.record(&request);
        Ok(request.corpus.unwrap_or_default())
    }

    async fn corpora_documents_list(
        &self,
        request: ListDocumentsRequest,
    ) -> Result<ListDocumentsResponse, ServerError> {
        self.record(&request);
        let (names, next) = match request.page_token.as_str() {
            "" => (vec!["d1", "d2"], "t2"),
            "t2" => (vec!["d3"], ""),
            other => {
                return Err(ServerError::invalid_argument(format!(
                    "bad page token {other}"
                )))
            }
        };
        let parent = &request.parent;
        let documents = names
            .iter()
            .map(|name| Document::new().set_name(format!("{parent}/documents/{name}")));
        Ok(ListDocumentsResponse::new()
            .set_documents(documents)
            .set_next_page_token(next))
    }

    async fn files_delete(&self, request: DeleteFileRequest) -> Result<(), ServerError> {
        self.record(&request);
        if request.name == "files/missing" {
            return Err(ServerError::not_found("no such file"));
        }
        Ok(())
    }

    async fn tuned_models_create(
        &self,
        request: CreateTunedModelRequest,
    ) -> Result<Operation, ServerError> {
        self.record(&request);
        Ok(
            serde_json::from_value(json!({"name": "tunedModels/t1/operations/op1", "done": false}))
                .unwrap(),
        )
    }

    async fn tuned_models_operations_get(
        &self,
        request: GetOperationRequest,
    ) -> Result<Operation, ServerError> {
        self.record(&request);
        Ok(serde_json::from_value(json!({
            "name": request.name, "done": true,
            "response": {"@type": "type.googleapis.com/google.ai.generativelanguage.v1beta.TunedModel", "name": "tunedModels/t1", "state": "ACTIVE"}
        }))
        .unwrap())
    }
}

async fn serve(service: Recorder) -> (Client, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(service)).await.unwrap() });
    let client = Client::builder()
        .api_key("k")
        .base_url(&base)
        .retry(gemini_v1beta::RetryPolicy::NONE)
        .build()
        .unwrap();
    (client, base)
}

#[tokio::test]
async fn requests_arrive_as_sent_and_answers_arrive_as_answered() {
    let recorder = Recorder::default();
    let (client, _) = serve(recorder.clone()).await;

    let request = GenerateContentRequest::new()
        .set_model("models/gemini-2.0-flash")
        .set_contents([Content::new()
            .set_role("user")
            .set_parts([Part::new().set_text("hello")])])
        .set_generation_config(
            GenerationConfig::new()
                .set_temperature(0.25)
                .set_candidate_count(2),
        );
    let answer = client
        .models()
        .generate_content(request.clone())
        .await
        .unwrap();
    assert_eq!(recorder.take(), [serde_json::to_value(&request).unwrap()]);
    assert_eq!(
        answer.candidates[0].finish_reason,
        candidate::FinishReason::Stop
    );
    assert_eq!(answer.usage_metadata.unwrap().total_token_count, 3);

    let texts: Vec<String> = client
        .models()
        .stream_generate_content(request.clone())
        .await
        .unwrap()
        .map_ok(|chunk| {
            let parts = &chunk.candidates[0].content.as_ref().unwrap().parts;
            parts[0].text().unwrap_or_default().to_owned()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(texts, ["a", "b", "c"]);
    assert_eq!(recorder.take(), [serde_json::to_value(&request).unwrap()]);

    let patch = UpdateCorpusRequest::new()
        .set_corpus(
            Corpus::new()
                .set_name("corpora/c1")
                .set_display_name("Renamed"),
        )
        .set_update_mask(FieldMask::new(["display_name"]));
    let corpus = client.corpora().patch(patch.clone()).await.unwrap();
    assert_eq!(corpus.display_name, "Renamed");
    assert_eq!(recorder.take(), [serde_json::to_value(&patch).unwrap()]);
}

#[tokio::test]
async fn paging_empty_answers_and_long_running_operations_work_end_to_end() {
    let recorder = Recorder::default();
    let (client, _) = serve(recorder.clone()).await;

    let list = ListDocumentsRequest::new()
        .set_parent("corpora/c1")
        .set_page_size(2);
    let names: Vec<String> = client
        .corpora()
        .documents()
        .list_items(list)
        .map_ok(|document| document.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        names,
        [
            "corpora/c1/documents/d1",
            "corpora/c1/documents/d2",
            "corpora/c1/documents/d3"
        ]
    );
    let seen = recorder.take();
    assert_eq!(
        seen[1],
        json!({"parent": "corpora/c1", "pageSize": 2, "pageToken": "t2"})
    );

    client
        .files()
        .delete(DeleteFileRequest::new().set_name("files/f1"))
        .await
        .unwrap();
    let missing = client
        .files()
        .delete(DeleteFileRequest::new().set_name("files/missing"))
        .await
        .unwrap_err();
    assert!(missing.is_not_found());
    assert_eq!(missing.code(), Some(&Code::NotFound));
    recorder.take();

    let create = CreateTunedModelRequest::new()
        .set_tuned_model_id("t1")
        .set_tuned_model(TunedModel::new().set_display_name("mine"));
    let operation: LongRunning<TunedModel, CreateTunedModelMetadata> =
        client.tuned_models().create(create.clone()).await.unwrap();
    let policy = PollPolicy {
        initial_delay: std::time::Duration::from_millis(1),
        ..Default::default()
    };
    let model = operation.wait(policy).await.unwrap();
    assert_eq!(model.name, "tunedModels/t1");
    let seen = recorder.take();
    assert_eq!(seen[0], serde_json::to_value(&create).unwrap());
    assert_eq!(seen[1], json!({"name": "tunedModels/t1/operations/op1"}));
}

#[tokio::test]
async fn the_router_answers_unknown_paths_wrong_verbs_bad_input_and_missing_methods() {
    let (client, base) = serve(Recorder::default()).await;
    let http = reqwest::Client::new();

    let unknown = http
        .get(format!("{base}/v1beta/nothing/here"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["status"], "NOT_FOUND");

    let unknown_verb = http
        .post(format!("{base}/v1beta/corpora/c1:frobnicate"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_verb.status(), 404);

    let wrong_verb = http
        .put(format!("{base}/v1beta/corpora/c1"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_verb.status(), 405);
    assert_eq!(wrong_verb.headers()["allow"], "DELETE, GET, PATCH");

    let bad_body = http
        .post(format!("{base}/v1beta/models/m:generateContent"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_body.status(), 400);
    let body: Value = bad_body.json().await.unwrap();
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");

    let bad_query = http
        .get(format!("{base}/v1beta/corpora/c1/documents?pageSize=many"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_query.status(), 400);

    let missing = client
        .corpora()
        .get(GetCorpusRequest::new().set_name("corpora/c1"))
        .await
        .unwrap_err();
    assert_eq!(missing.http_status(), Some(501));
    assert_eq!(missing.code(), Some(&Code::Unimplemented));
}

#[tokio::test]
async fn the_router_merges_with_routers_of_your_own() {
    use axum::routing::get;
    let app = router(Recorder::default())
        .merge(axum::Router::new().route("/healthz", get(|| async { "ok" })))
        .fallback(|| async { "fallback" });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    let api = http
        .delete(format!("{base}/v1beta/files/missing"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404, "API paths still reach the service");
}

/// A service that lets through only requests with the right API key, and
/// none for the resource `models/secret`.
struct Guarded;

impl Service for Guarded {
    fn authorize(&self, request: &AuthorizeRequest<'_>) -> Result<(), ServerError> {
        let method_id = request.method_id();
        if request.resource_name() == Some("models/secret") {
            return Err(ServerError::permission_denied(format!(
                "{method_id} may not read models/secret"
            )));
        }
        match request
            .headers()
            .get("x-goog-api-key")
            .and_then(|value| value.to_str().ok())
        {
            Some("right-key") => Ok(()),
            _ => Err(ServerError::unauthenticated(format!(
                "{method_id} needs a valid API key"
            ))),
        }
    }

    async fn models_get(&self, request: GetModelRequest) -> Result<Model, ServerError> {
        Ok(Model::new().set_name(request.name))
    }
}

#[tokio::test]
async fn a_service_can_refuse_requests_before_they_reach_a_method() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Guarded)).await.unwrap() });
    let request = || GetModelRequest::new().set_name("models/m");
    let with = |key: &str| {
        Client::builder()
            .api_key(key)
            .base_url(&base)
            .retry(gemini_v1beta::RetryPolicy::NONE)
            .build()
            .unwrap()
    };

    assert_eq!(
        with("right-key")
            .models()
            .get(request())
            .await
            .unwrap()
            .name,
        "models/m"
    );
    let refused = with("wrong-key").models().get(request()).await.unwrap_err();
    let api = refused.api_error().unwrap();
    assert_eq!(
        (api.http_status, &api.status.code),
        (401, &Code::Unauthenticated)
    );
    assert_eq!(api.status.message, "models.get needs a valid API key");
    let secret = GetModelRequest::new().set_name("models/secret");
    let refused = with("right-key").models().get(secret).await.unwrap_err();
    let api = refused.api_error().unwrap();
    assert_eq!(
        (api.http_status, &api.status.code),
        (403, &Code::PermissionDenied)
    );
    assert_eq!(api.status.message, "models.get may not read models/secret");
}
