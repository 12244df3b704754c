//! Every REST method of the API served by the server that
//! `apigen_macros::server!` expands from the spec, with the cases of
//! [`method_table`]. The `Recorder` implements the whole `Service` trait:
//! each method records the request the server decoded and answers the
//! case's message. For every case:
//! 1. the case's wire form, sent as is, is decoded into exactly the case's
//!    request, and the server answers the case's answer on the wire;
//! 2. the generated client's call goes through the server and back: the
//!    server decodes the same request, the client decodes the answer.

use futures_util::TryStreamExt;
use gemini::{router, Service};
use gemini_v1beta::types::*;
use gemini_v1beta::Client;
use serde_json::json;

use apigen_runtime::server::{ServerError, ServerStream};

use crate::method_table::{
    answer, cases, check_server, gemini_answer, page, serve, without_type, Recorder,
};

/// The server side expanded from the spec by the macro (the same emitter
/// writes `gemini_v1beta::server` behind the crate's `server` feature).
mod gemini {
    apigen_macros::server!("../spec", types = gemini_v1beta::types);
}

type Answer<T> = Result<T, ServerError>;

impl Service for Recorder {
    async fn cached_contents_create(&self, r: CreateCachedContentRequest) -> Answer<CachedContent> {
        self.answer("cachedContents.create", &r)
    }
    async fn cached_contents_delete(&self, r: DeleteCachedContentRequest) -> Answer<()> {
        self.nothing("cachedContents.delete", &r)
    }
    async fn cached_contents_get(&self, r: GetCachedContentRequest) -> Answer<CachedContent> {
        self.answer("cachedContents.get", &r)
    }
    async fn cached_contents_list(
        &self,
        r: ListCachedContentsRequest,
    ) -> Answer<ListCachedContentsResponse> {
        self.answer("cachedContents.list", &r)
    }
    async fn cached_contents_patch(&self, r: UpdateCachedContentRequest) -> Answer<CachedContent> {
        self.answer("cachedContents.patch", &r)
    }

    async fn corpora_create(&self, r: CreateCorpusRequest) -> Answer<Corpus> {
        self.answer("corpora.create", &r)
    }
    async fn corpora_delete(&self, r: DeleteCorpusRequest) -> Answer<()> {
        self.nothing("corpora.delete", &r)
    }
    async fn corpora_get(&self, r: GetCorpusRequest) -> Answer<Corpus> {
        self.answer("corpora.get", &r)
    }
    async fn corpora_list(&self, r: ListCorporaRequest) -> Answer<ListCorporaResponse> {
        self.answer("corpora.list", &r)
    }
    async fn corpora_patch(&self, r: UpdateCorpusRequest) -> Answer<Corpus> {
        self.answer("corpora.patch", &r)
    }
    async fn corpora_query(&self, r: QueryCorpusRequest) -> Answer<QueryCorpusResponse> {
        self.answer("corpora.query", &r)
    }

    async fn corpora_documents_create(&self, r: CreateDocumentRequest) -> Answer<Document> {
        self.answer("corpora.documents.create", &r)
    }
    async fn corpora_documents_delete(&self, r: DeleteDocumentRequest) -> Answer<()> {
        self.nothing("corpora.documents.delete", &r)
    }
    async fn corpora_documents_get(&self, r: GetDocumentRequest) -> Answer<Document> {
        self.answer("corpora.documents.get", &r)
    }
    async fn corpora_documents_list(
        &self,
        r: ListDocumentsRequest,
    ) -> Answer<ListDocumentsResponse> {
        self.answer("corpora.documents.list", &r)
    }
    async fn corpora_documents_patch(&self, r: UpdateDocumentRequest) -> Answer<Document> {
        self.answer("corpora.documents.patch", &r)
    }
    async fn corpora_documents_query(
        &self,
        r: QueryDocumentRequest,
    ) -> Answer<QueryDocumentResponse> {
        self.answer("corpora.documents.query", &r)
    }

    async fn corpora_documents_chunks_batch_create(
        &self,
        r: BatchCreateChunksRequest,
    ) -> Answer<BatchCreateChunksResponse> {
        self.answer("corpora.documents.chunks.batchCreate", &r)
    }
    async fn corpora_documents_chunks_batch_delete(
        &self,
        r: BatchDeleteChunksRequest,
    ) -> Answer<()> {
        self.nothing("corpora.documents.chunks.batchDelete", &r)
    }
    async fn corpora_documents_chunks_batch_update(
        &self,
        r: BatchUpdateChunksRequest,
    ) -> Answer<BatchUpdateChunksResponse> {
        self.answer("corpora.documents.chunks.batchUpdate", &r)
    }
    async fn corpora_documents_chunks_create(&self, r: CreateChunkRequest) -> Answer<Chunk> {
        self.answer("corpora.documents.chunks.create", &r)
    }
    async fn corpora_documents_chunks_delete(&self, r: DeleteChunkRequest) -> Answer<()> {
        self.nothing("corpora.documents.chunks.delete", &r)
    }
    async fn corpora_documents_chunks_get(&self, r: GetChunkRequest) -> Answer<Chunk> {
        self.answer("corpora.documents.chunks.get", &r)
    }
    async fn corpora_documents_chunks_list(
        &self,
        r: ListChunksRequest,
    ) -> Answer<ListChunksResponse> {
        self.answer("corpora.documents.chunks.list", &r)
    }
    async fn corpora_documents_chunks_patch(&self, r: UpdateChunkRequest) -> Answer<Chunk> {
        self.answer("corpora.documents.chunks.patch", &r)
    }

    async fn corpora_permissions_create(&self, r: CreatePermissionRequest) -> Answer<Permission> {
        self.answer("corpora.permissions.create", &r)
    }
    async fn corpora_permissions_delete(&self, r: DeletePermissionRequest) -> Answer<()> {
        self.nothing("corpora.permissions.delete", &r)
    }
    async fn corpora_permissions_get(&self, r: GetPermissionRequest) -> Answer<Permission> {
        self.answer("corpora.permissions.get", &r)
    }
    async fn corpora_permissions_list(
        &self,
        r: ListPermissionsRequest,
    ) -> Answer<ListPermissionsResponse> {
        self.answer("corpora.permissions.list", &r)
    }
    async fn corpora_permissions_patch(&self, r: UpdatePermissionRequest) -> Answer<Permission> {
        self.answer("corpora.permissions.patch", &r)
    }

    async fn files_delete(&self, r: DeleteFileRequest) -> Answer<()> {
        self.nothing("files.delete", &r)
    }
    async fn files_get(&self, r: GetFileRequest) -> Answer<File> {
        self.answer("files.get", &r)
    }
    async fn files_list(&self, r: ListFilesRequest) -> Answer<ListFilesResponse> {
        self.answer("files.list", &r)
    }
    async fn media_upload(&self, r: CreateFileRequest) -> Answer<CreateFileResponse> {
        self.answer("media.upload", &r)
    }

    async fn models_batch_embed_contents(
        &self,
        r: BatchEmbedContentsRequest,
    ) -> Answer<BatchEmbedContentsResponse> {
        self.answer("models.batchEmbedContents", &r)
    }
    async fn models_batch_embed_text(
        &self,
        r: BatchEmbedTextRequest,
    ) -> Answer<BatchEmbedTextResponse> {
        self.answer("models.batchEmbedText", &r)
    }
    async fn models_count_message_tokens(
        &self,
        r: CountMessageTokensRequest,
    ) -> Answer<CountMessageTokensResponse> {
        self.answer("models.countMessageTokens", &r)
    }
    async fn models_count_text_tokens(
        &self,
        r: CountTextTokensRequest,
    ) -> Answer<CountTextTokensResponse> {
        self.answer("models.countTextTokens", &r)
    }
    async fn models_count_tokens(&self, r: CountTokensRequest) -> Answer<CountTokensResponse> {
        self.answer("models.countTokens", &r)
    }
    async fn models_embed_content(&self, r: EmbedContentRequest) -> Answer<EmbedContentResponse> {
        self.answer("models.embedContent", &r)
    }
    async fn models_embed_text(&self, r: EmbedTextRequest) -> Answer<EmbedTextResponse> {
        self.answer("models.embedText", &r)
    }
    async fn models_generate_answer(
        &self,
        r: GenerateAnswerRequest,
    ) -> Answer<GenerateAnswerResponse> {
        self.answer("models.generateAnswer", &r)
    }
    async fn models_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<GenerateContentResponse> {
        self.answer("models.generateContent", &r)
    }
    async fn models_generate_message(
        &self,
        r: GenerateMessageRequest,
    ) -> Answer<GenerateMessageResponse> {
        self.answer("models.generateMessage", &r)
    }
    async fn models_generate_text(&self, r: GenerateTextRequest) -> Answer<GenerateTextResponse> {
        self.answer("models.generateText", &r)
    }
    async fn models_get(&self, r: GetModelRequest) -> Answer<Model> {
        self.answer("models.get", &r)
    }
    async fn models_list(&self, r: ListModelsRequest) -> Answer<ListModelsResponse> {
        self.answer("models.list", &r)
    }
    async fn models_stream_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<ServerStream<GenerateContentResponse>> {
        self.stream("models.streamGenerateContent", &r)
    }

    async fn tuned_models_create(&self, r: CreateTunedModelRequest) -> Answer<Operation> {
        self.answer("tunedModels.create", &r)
    }
    async fn tuned_models_delete(&self, r: DeleteTunedModelRequest) -> Answer<()> {
        self.nothing("tunedModels.delete", &r)
    }
    async fn tuned_models_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<GenerateContentResponse> {
        self.answer("tunedModels.generateContent", &r)
    }
    async fn tuned_models_generate_text(
        &self,
        r: GenerateTextRequest,
    ) -> Answer<GenerateTextResponse> {
        self.answer("tunedModels.generateText", &r)
    }
    async fn tuned_models_get(&self, r: GetTunedModelRequest) -> Answer<TunedModel> {
        self.answer("tunedModels.get", &r)
    }
    async fn tuned_models_list(
        &self,
        r: ListTunedModelsRequest,
    ) -> Answer<ListTunedModelsResponse> {
        self.answer("tunedModels.list", &r)
    }
    async fn tuned_models_patch(&self, r: UpdateTunedModelRequest) -> Answer<TunedModel> {
        self.answer("tunedModels.patch", &r)
    }
    async fn tuned_models_stream_generate_content(
        &self,
        r: GenerateContentRequest,
    ) -> Answer<ServerStream<GenerateContentResponse>> {
        self.stream("tunedModels.streamGenerateContent", &r)
    }
    async fn tuned_models_transfer_ownership(
        &self,
        r: TransferOwnershipRequest,
    ) -> Answer<TransferOwnershipResponse> {
        self.answer("tunedModels.transferOwnership", &r)
    }

    async fn tuned_models_operations_get(&self, r: GetOperationRequest) -> Answer<Operation> {
        self.answer("tunedModels.operations.get", &r)
    }
    async fn tuned_models_operations_list(
        &self,
        r: ListOperationsRequest,
    ) -> Answer<ListOperationsResponse> {
        self.answer("tunedModels.operations.list", &r)
    }

    async fn tuned_models_permissions_create(
        &self,
        r: CreatePermissionRequest,
    ) -> Answer<Permission> {
        self.answer("tunedModels.permissions.create", &r)
    }
    async fn tuned_models_permissions_delete(&self, r: DeletePermissionRequest) -> Answer<()> {
        self.nothing("tunedModels.permissions.delete", &r)
    }
    async fn tuned_models_permissions_get(&self, r: GetPermissionRequest) -> Answer<Permission> {
        self.answer("tunedModels.permissions.get", &r)
    }
    async fn tuned_models_permissions_list(
        &self,
        r: ListPermissionsRequest,
    ) -> Answer<ListPermissionsResponse> {
        self.answer("tunedModels.permissions.list", &r)
    }
    async fn tuned_models_permissions_patch(
        &self,
        r: UpdatePermissionRequest,
    ) -> Answer<Permission> {
        self.answer("tunedModels.permissions.patch", &r)
    }
}

/// A client of the server at `base`, without retries.
fn client(base: &str) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(base)
        .retry(gemini_v1beta::RetryPolicy::NONE)
        .build()
        .unwrap()
}

/// Each case's wire form is decoded into the case's request and answered
/// with the case's answer; the client's call of each case goes through the
/// server and decodes the answer.
#[tokio::test]
async fn every_method_is_served_from_its_wire_form() {
    let recorder = Recorder::new(gemini_answer);
    let base = serve(router(recorder.clone())).await;
    check_server(
        &cases(),
        &base,
        || client(&base),
        &recorder,
        ("x-goog-api-key", "test-key"),
    )
    .await;
}

/// `list_items` follows `nextPageToken` through the server, keeping the
/// other query parameters on every page.
#[tokio::test]
async fn list_items_pages_through_the_generated_server() {
    let recorder = Recorder::new(gemini_answer);
    let client = client(&serve(router(recorder.clone())).await);

    let request = ListDocumentsRequest::new()
        .set_parent("corpora/manuals")
        .set_page_size(1);
    let documents: Vec<Document> = client
        .corpora()
        .documents()
        .list_items(request.clone())
        .try_collect()
        .await
        .unwrap();
    let id = "corpora.documents.list";
    assert_eq!(
        serde_json::to_value(&documents).unwrap(),
        json!([
            page(id, "")["documents"][0],
            page(id, "page-2")["documents"][0]
        ])
    );
    let second = request.clone().set_page_token("page-2");
    assert_eq!(
        recorder.take(),
        [
            (id.to_owned(), serde_json::to_value(&request).unwrap()),
            (id.to_owned(), serde_json::to_value(&second).unwrap()),
        ]
    );

    let request = ListOperationsRequest::new()
        .set_name("tunedModels/haiku-writer")
        .set_filter("done=true")
        .set_page_size(1)
        .set_return_partial_success(true);
    let operations: Vec<Operation> = client
        .tuned_models()
        .operations()
        .list_items(request.clone())
        .try_collect()
        .await
        .unwrap();
    let id = "tunedModels.operations.list";
    assert_eq!(
        serde_json::to_value(&operations).unwrap(),
        json!([
            page(id, "")["operations"][0],
            page(id, "page-2")["operations"][0]
        ])
    );
    let second = request.clone().set_page_token("page-2");
    assert_eq!(
        recorder.take(),
        [
            (id.to_owned(), serde_json::to_value(&request).unwrap()),
            (id.to_owned(), serde_json::to_value(&second).unwrap()),
        ]
    );
}

/// The operation `tunedModels.create` answers is already done: waiting for
/// it gives the canned tuned model without polling.
#[tokio::test]
async fn a_done_tuning_operation_gives_its_tuned_model() {
    let recorder = Recorder::new(gemini_answer);
    let client = client(&serve(router(recorder.clone())).await);
    let request = CreateTunedModelRequest::new().set_tuned_model(
        TunedModel::new()
            .set_display_name("Haiku writer")
            .set_base_model("models/gemini-1.0-pro-001"),
    );
    let operation = client.tuned_models().create(request.clone()).await.unwrap();
    let metadata = operation.metadata().unwrap().unwrap();
    assert_eq!(metadata.completed_percent, 100.0);
    let model = operation
        .wait(gemini_v1beta::PollPolicy::default())
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&model).unwrap(),
        without_type(&answer("tunedModels.create", "")["response"])
    );
    assert_eq!(model.state, tuned_model::State::Active);
    assert_eq!(
        model.reader_project_numbers,
        [123_456_789_012, 9_007_199_254_740_993]
    );
    assert_eq!(
        recorder.take(),
        [(
            "tunedModels.create".to_owned(),
            serde_json::to_value(&request).unwrap()
        )]
    );
}
