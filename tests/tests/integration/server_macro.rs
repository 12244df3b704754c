//! `apigen_macros::server!` expands the server side from the spec at compile
//! time; a service implemented against it serves the generated client,
//! resumable media uploads included.

use std::sync::{Arc, Mutex};

use apigen_runtime::server::{ServerError, UploadedMedia};
use gemini_v1beta::types::{
    CreateFileRequest, CreateFileResponse, File, GetModelRequest, ListModelsRequest, Model,
};
use gemini_v1beta::Media;

mod gemini {
    apigen_macros::server!("../spec", types = gemini_v1beta::types);
}

#[derive(Clone, Default)]
struct Models {
    uploaded: Arc<Mutex<Vec<(CreateFileRequest, UploadedMedia)>>>,
}

impl gemini::Service for Models {
    async fn models_get(&self, request: GetModelRequest) -> Result<Model, ServerError> {
        match request.name.as_str() {
            "models/gemini-2.0-flash" => Ok(Model::new()
                .set_name(request.name)
                .set_input_token_limit(1_048_576)),
            other => Err(ServerError::not_found(format!("{other} does not exist"))),
        }
    }

    async fn media_upload_media(
        &self,
        request: CreateFileRequest,
        media: UploadedMedia,
    ) -> Result<CreateFileResponse, ServerError> {
        let display_name = request
            .file
            .as_ref()
            .map(|file| file.display_name.clone())
            .unwrap_or_default();
        let file = File::new()
            .set_name("files/uploaded-1")
            .set_display_name(display_name)
            .set_mime_type(media.mime_type.clone())
            .set_size_bytes(media.bytes.len() as i64);
        self.uploaded.lock().unwrap().push((request, media));
        Ok(CreateFileResponse::new().set_file(file))
    }
}

async fn serve(service: Models) -> gemini_v1beta::Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, gemini::router(service))
            .await
            .unwrap()
    });
    gemini_v1beta::Client::builder()
        .api_key("k")
        .base_url(base)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_macro_built_server_serves_the_client() {
    let client = serve(Models::default()).await;
    let model = client
        .models()
        .get(GetModelRequest::new().set_name("models/gemini-2.0-flash"))
        .await
        .unwrap();
    assert_eq!(model.input_token_limit, 1_048_576);
    let missing = client
        .models()
        .get(GetModelRequest::new().set_name("models/none"))
        .await
        .unwrap_err();
    assert_eq!(
        missing.api_error().unwrap().status.message,
        "models/none does not exist"
    );
    let unimplemented = client
        .models()
        .list(ListModelsRequest::new())
        .await
        .unwrap_err();
    assert_eq!(unimplemented.http_status(), Some(501));
}

#[tokio::test]
async fn a_resumable_upload_reaches_the_service_with_all_its_bytes() {
    let service = Models::default();
    let client = serve(service.clone()).await;
    let bytes: Vec<u8> = (0..700_000u32).map(|n| (n % 251) as u8).collect();
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let media = Media::from_bytes(bytes.clone(), "application/octet-stream")
        .chunk_size(256 * 1024)
        .on_progress(move |p| seen.lock().unwrap().push(p.sent));
    let request = CreateFileRequest::new().set_file(File::new().set_display_name("blob"));

    let answer = client
        .media()
        .upload_media(request.clone(), media)
        .await
        .unwrap();

    let file = answer.file.unwrap();
    assert_eq!(
        (
            file.name.as_str(),
            file.display_name.as_str(),
            file.size_bytes
        ),
        ("files/uploaded-1", "blob", 700_000)
    );
    let uploaded = service.uploaded.lock().unwrap();
    assert_eq!(uploaded.len(), 1);
    assert_eq!(uploaded[0].0, request);
    assert_eq!(uploaded[0].1.bytes.as_ref(), bytes.as_slice());
    assert_eq!(uploaded[0].1.mime_type, "application/octet-stream");
    assert_eq!(*progress.lock().unwrap(), [262_144, 524_288, 700_000]);
}

/// Starts a session on the macro-built router and answers its URL.
async fn start_session(http: &reqwest::Client, base: &str, length: usize) -> String {
    let started = http
        .post(format!("{base}/upload/v1beta/files"))
        .header("x-goog-upload-protocol", "resumable")
        .header("x-goog-upload-command", "start")
        .header("x-goog-upload-header-content-length", length.to_string())
        .json(&serde_json::json!({"file": {"displayName": "blob"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(started.headers()["x-goog-upload-status"], "active");
    started.headers()["x-goog-upload-url"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn every_upload_answer_carries_the_upload_status_errors_included() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, gemini::router(Models::default()))
            .await
            .unwrap()
    });
    let http = reqwest::Client::new();
    let session = start_session(&http, &base, 10).await;
    let send = |url: String, command: &'static str, offset: &'static str| {
        http.post(url)
            .header("x-goog-upload-command", command)
            .header("x-goog-upload-offset", offset)
            .body(vec![7u8; 10])
            .send()
    };

    // A chunk at the wrong offset: an error that still says the upload is over.
    let wrong_offset = send(session.clone(), "upload, finalize", "5")
        .await
        .unwrap();
    assert_eq!(wrong_offset.status(), 400);
    assert_eq!(wrong_offset.headers()["x-goog-upload-status"], "final");

    // A session that does not exist: cancelled.
    let unknown = format!("{base}/upload/v1beta/files?upload_id=999999");
    let gone = send(unknown, "upload, finalize", "0").await.unwrap();
    assert_eq!(gone.status(), 404);
    assert_eq!(gone.headers()["x-goog-upload-status"], "cancelled");
    let body: serde_json::Value = gone.json().await.unwrap();
    assert_eq!(body["error"]["status"], "NOT_FOUND");

    let done = send(session, "upload, finalize", "0").await.unwrap();
    assert_eq!(done.status(), 200);
    assert_eq!(done.headers()["x-goog-upload-status"], "final");
}
