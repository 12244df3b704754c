//! The generated `Service` trait, answered from the fake's state. Each
//! method locks the state once, so every call is atomic.

use gemini_v1beta::runtime::server::UploadOptions;
use gemini_v1beta::server::Service;
use gemini_v1beta::server::{AuthorizeRequest, ServerError, ServerStream, UploadedMedia};
use gemini_v1beta::types::*;

use crate::{catalog, embedding, upload, Fake};

impl Service for Fake {
    fn authorize(&self, request: &AuthorizeRequest<'_>) -> Result<(), ServerError> {
        self.lock().api_keys.check(request.headers())
    }

    fn upload_options(&self, _method_id: &str) -> UploadOptions {
        upload::options(self)
    }

    // ---- cachedContents ----

    async fn cached_contents_create(
        &self,
        request: CreateCachedContentRequest,
    ) -> Result<CachedContent, ServerError> {
        self.lock().cached_contents_create(request)
    }

    async fn cached_contents_delete(
        &self,
        request: DeleteCachedContentRequest,
    ) -> Result<(), ServerError> {
        self.lock().cached_contents_delete(&request.name)
    }

    async fn cached_contents_get(
        &self,
        request: GetCachedContentRequest,
    ) -> Result<CachedContent, ServerError> {
        self.lock().cached_contents_get(&request.name)
    }

    async fn cached_contents_list(
        &self,
        request: ListCachedContentsRequest,
    ) -> Result<ListCachedContentsResponse, ServerError> {
        self.lock().cached_contents_list(&request)
    }

    async fn cached_contents_patch(
        &self,
        request: UpdateCachedContentRequest,
    ) -> Result<CachedContent, ServerError> {
        self.lock().cached_contents_patch(request)
    }

    // ---- corpora ----

    async fn corpora_create(&self, request: CreateCorpusRequest) -> Result<Corpus, ServerError> {
        self.lock().corpora_create(request)
    }

    async fn corpora_delete(&self, request: DeleteCorpusRequest) -> Result<(), ServerError> {
        self.lock().corpora_delete(request)
    }

    async fn corpora_get(&self, request: GetCorpusRequest) -> Result<Corpus, ServerError> {
        self.lock().corpora_get(&request.name)
    }

    async fn corpora_list(
        &self,
        request: ListCorporaRequest,
    ) -> Result<ListCorporaResponse, ServerError> {
        self.lock().corpora_list(&request)
    }

    async fn corpora_patch(&self, request: UpdateCorpusRequest) -> Result<Corpus, ServerError> {
        self.lock().corpora_patch(request)
    }

    // ---- corpora.documents ----

    async fn corpora_documents_create(
        &self,
        request: CreateDocumentRequest,
    ) -> Result<Document, ServerError> {
        self.lock().documents_create(request)
    }

    async fn corpora_documents_delete(
        &self,
        request: DeleteDocumentRequest,
    ) -> Result<(), ServerError> {
        self.lock().documents_delete(request)
    }

    async fn corpora_documents_get(
        &self,
        request: GetDocumentRequest,
    ) -> Result<Document, ServerError> {
        self.lock().documents_get(&request.name)
    }

    async fn corpora_documents_list(
        &self,
        request: ListDocumentsRequest,
    ) -> Result<ListDocumentsResponse, ServerError> {
        self.lock().documents_list(&request)
    }

    async fn corpora_documents_patch(
        &self,
        request: UpdateDocumentRequest,
    ) -> Result<Document, ServerError> {
        self.lock().documents_patch(request)
    }

    // ---- corpora.documents.chunks ----

    async fn corpora_documents_chunks_batch_create(
        &self,
        request: BatchCreateChunksRequest,
    ) -> Result<BatchCreateChunksResponse, ServerError> {
        self.lock().chunks_batch_create(request)
    }

    async fn corpora_documents_chunks_batch_delete(
        &self,
        request: BatchDeleteChunksRequest,
    ) -> Result<(), ServerError> {
        self.lock().chunks_batch_delete(request)
    }

    async fn corpora_documents_chunks_batch_update(
        &self,
        request: BatchUpdateChunksRequest,
    ) -> Result<BatchUpdateChunksResponse, ServerError> {
        self.lock().chunks_batch_update(request)
    }

    async fn corpora_documents_chunks_create(
        &self,
        request: CreateChunkRequest,
    ) -> Result<Chunk, ServerError> {
        self.lock().chunks_create(request)
    }

    async fn corpora_documents_chunks_delete(
        &self,
        request: DeleteChunkRequest,
    ) -> Result<(), ServerError> {
        self.lock().chunks_delete(&request.name)
    }

    async fn corpora_documents_chunks_get(
        &self,
        request: GetChunkRequest,
    ) -> Result<Chunk, ServerError> {
        self.lock().chunks_get(&request.name)
    }

    async fn corpora_documents_chunks_list(
        &self,
        request: ListChunksRequest,
    ) -> Result<ListChunksResponse, ServerError> {
        self.lock().chunks_list(&request)
    }

    async fn corpora_documents_chunks_patch(
        &self,
        request: UpdateChunkRequest,
    ) -> Result<Chunk, ServerError> {
        self.lock().chunks_patch(request)
    }

    // ---- corpora.permissions ----

    async fn corpora_permissions_create(
        &self,
        request: CreatePermissionRequest,
    ) -> Result<Permission, ServerError> {
        self.lock().permissions_create(request)
    }

    async fn corpora_permissions_delete(
        &self,
        request: DeletePermissionRequest,
    ) -> Result<(), ServerError> {
        self.lock().permissions_delete(&request.name)
    }

    async fn corpora_permissions_get(
        &self,
        request: GetPermissionRequest,
    ) -> Result<Permission, ServerError> {
        self.lock().permissions_get(&request.name)
    }

    async fn corpora_permissions_list(
        &self,
        request: ListPermissionsRequest,
    ) -> Result<ListPermissionsResponse, ServerError> {
        self.lock()
            .permissions_list(&request, "corpora.permissions.list")
    }

    async fn corpora_permissions_patch(
        &self,
        request: UpdatePermissionRequest,
    ) -> Result<Permission, ServerError> {
        self.lock().permissions_patch(request)
    }

    // ---- files and media ----

    async fn files_delete(&self, request: DeleteFileRequest) -> Result<(), ServerError> {
        self.lock().files_delete(&request.name)
    }

    async fn files_get(&self, request: GetFileRequest) -> Result<File, ServerError> {
        self.lock().files_get(&request.name)
    }

    async fn files_list(
        &self,
        request: ListFilesRequest,
    ) -> Result<ListFilesResponse, ServerError> {
        self.lock().files_list(&request)
    }

    /// Metadata only (no bytes reach this method): creates an empty file.
    async fn media_upload(
        &self,
        request: CreateFileRequest,
    ) -> Result<CreateFileResponse, ServerError> {
        let file = self
            .lock()
            .create_file(request.file, None, Vec::new(), None)?;
        Ok(CreateFileResponse::new().set_file(file))
    }

    /// A finished upload, resumable or raw: a file of its bytes.
    async fn media_upload_media(
        &self,
        request: CreateFileRequest,
        media: UploadedMedia,
    ) -> Result<CreateFileResponse, ServerError> {
        upload::receive(self, request, media)
    }

    // ---- models ----

    async fn models_get(&self, request: GetModelRequest) -> Result<Model, ServerError> {
        catalog::get(&request)
    }

    async fn models_list(
        &self,
        request: ListModelsRequest,
    ) -> Result<ListModelsResponse, ServerError> {
        catalog::list(&request)
    }

    async fn models_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<GenerateContentResponse, ServerError> {
        self.lock().generate(&request).map(|answer| answer.response)
    }

    async fn models_stream_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<ServerStream<GenerateContentResponse>, ServerError> {
        self.lock()
            .generate(&request)
            .map(|answer| answer.into_stream())
    }

    async fn models_count_tokens(
        &self,
        request: CountTokensRequest,
    ) -> Result<CountTokensResponse, ServerError> {
        self.lock().count_tokens(&request)
    }

    async fn models_embed_content(
        &self,
        request: EmbedContentRequest,
    ) -> Result<EmbedContentResponse, ServerError> {
        embedding::embed_content(&request)
    }

    async fn models_batch_embed_contents(
        &self,
        request: BatchEmbedContentsRequest,
    ) -> Result<BatchEmbedContentsResponse, ServerError> {
        embedding::batch_embed_contents(&request)
    }

    // ---- tunedModels ----

    async fn tuned_models_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<GenerateContentResponse, ServerError> {
        self.lock().generate(&request).map(|answer| answer.response)
    }

    async fn tuned_models_stream_generate_content(
        &self,
        request: GenerateContentRequest,
    ) -> Result<ServerStream<GenerateContentResponse>, ServerError> {
        self.lock()
            .generate(&request)
            .map(|answer| answer.into_stream())
    }

    async fn tuned_models_create(
        &self,
        request: CreateTunedModelRequest,
    ) -> Result<Operation, ServerError> {
        self.lock().tuned_models_create(request)
    }

    async fn tuned_models_delete(
        &self,
        request: DeleteTunedModelRequest,
    ) -> Result<(), ServerError> {
        self.lock().tuned_models_delete(&request.name)
    }

    async fn tuned_models_get(
        &self,
        request: GetTunedModelRequest,
    ) -> Result<TunedModel, ServerError> {
        self.lock().tuned_models_get(&request.name)
    }

    async fn tuned_models_list(
        &self,
        request: ListTunedModelsRequest,
    ) -> Result<ListTunedModelsResponse, ServerError> {
        self.lock().tuned_models_list(&request)
    }

    async fn tuned_models_patch(
        &self,
        request: UpdateTunedModelRequest,
    ) -> Result<TunedModel, ServerError> {
        self.lock().tuned_models_patch(request)
    }

    async fn tuned_models_transfer_ownership(
        &self,
        request: TransferOwnershipRequest,
    ) -> Result<TransferOwnershipResponse, ServerError> {
        self.lock().tuned_models_transfer_ownership(&request)
    }

    // ---- tunedModels.operations ----

    async fn tuned_models_operations_get(
        &self,
        request: GetOperationRequest,
    ) -> Result<Operation, ServerError> {
        self.lock().operations_get(&request.name)
    }

    async fn tuned_models_operations_list(
        &self,
        request: ListOperationsRequest,
    ) -> Result<ListOperationsResponse, ServerError> {
        self.lock().operations_list(&request)
    }

    // ---- tunedModels.permissions ----

    async fn tuned_models_permissions_create(
        &self,
        request: CreatePermissionRequest,
    ) -> Result<Permission, ServerError> {
        self.lock().permissions_create(request)
    }

    async fn tuned_models_permissions_delete(
        &self,
        request: DeletePermissionRequest,
    ) -> Result<(), ServerError> {
        self.lock().permissions_delete(&request.name)
    }

    async fn tuned_models_permissions_get(
        &self,
        request: GetPermissionRequest,
    ) -> Result<Permission, ServerError> {
        self.lock().permissions_get(&request.name)
    }

    async fn tuned_models_permissions_list(
        &self,
        request: ListPermissionsRequest,
    ) -> Result<ListPermissionsResponse, ServerError> {
        self.lock()
            .permissions_list(&request, "tunedModels.permissions.list")
    }

    async fn tuned_models_permissions_patch(
        &self,
        request: UpdatePermissionRequest,
    ) -> Result<Permission, ServerError> {
        self.lock().permissions_patch(request)
    }
}
