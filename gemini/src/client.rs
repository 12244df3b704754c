//! Shortcuts on the generated client: one call for each thing an app
//! usually does, with the request put together from plain arguments.

use bytes::Bytes;
use gemini_v1beta::types::Content;
use gemini_v1beta::types::{
    file, CountTokensRequest, CreateFileRequest, EmbedContentRequest, File, GenerateContentRequest,
    GenerateContentResponse, GetFileRequest, ListModelsRequest, ListModelsResponse,
};
use gemini_v1beta::{ApiError, Client, Code, Error, Media, PageStream, PollPolicy, Status};

use crate::chat::Chat;
use crate::content::ContentExt;
use crate::contents::Contents;
use crate::model::model_name;

/// Shortcuts on the generated [`Client`]. Models are named with or without
/// `models/`; prompts are anything that converts into [`Contents`] (text,
/// `(&file, "question")`, turns).
#[allow(async_fn_in_trait)]
pub trait ClientExt {
    /// One answer from `model` to `contents`.
    async fn generate(
        &self,
        model: &str,
        contents: impl Into<Contents>,
    ) -> Result<GenerateContentResponse, Error>;

    /// A chat with `model` that starts with an empty history.
    fn chat(&self, model: &str) -> Chat;

    /// How many tokens `contents` come to for `model`.
    async fn count_tokens(&self, model: &str, contents: impl Into<Contents>) -> Result<i32, Error>;

    /// The embedding of `text` by `model`: its values.
    async fn embed(&self, model: &str, text: &str) -> Result<Vec<f32>, Error>;

    /// The models the API offers, `page_size` at a time (0: the server's
    /// default), each page fetched as the stream is read.
    fn model_pages(&self, page_size: i32) -> PageStream<ListModelsResponse>;

    /// Uploads `bytes` of type `mime_type` as a file named `display_name`,
    /// then waits (polling as [`PollPolicy::default`] says) until the
    /// server has processed it. The file answered is ACTIVE: ready to go
    /// into a prompt as `(&file, "question")`; a file whose processing
    /// failed is an [`Error::OperationFailed`].
    async fn upload_file(
        &self,
        bytes: impl Into<Bytes>,
        mime_type: &str,
        display_name: &str,
    ) -> Result<File, Error>;
}

impl ClientExt for Client {
    async fn generate(
        &self,
        model: &str,
        contents: impl Into<Contents>,
    ) -> Result<GenerateContentResponse, Error> {
        let request = GenerateContentRequest::new()
            .set_model(model_name(model))
            .set_contents(contents.into().into_vec());
        self.models().generate_content(request).await
    }

    fn chat(&self, model: &str) -> Chat {
        Chat::new(self.clone(), model)
    }

    async fn count_tokens(&self, model: &str, contents: impl Into<Contents>) -> Result<i32, Error> {
        let request = CountTokensRequest::new()
            .set_model(model_name(model))
            .set_contents(contents.into().into_vec());
        Ok(self.models().count_tokens(request).await?.total_tokens)
    }

    async fn embed(&self, model: &str, text: &str) -> Result<Vec<f32>, Error> {
        let request = EmbedContentRequest::new()
            .set_model(model_name(model))
            .set_content(Content::user(text));
        let response = self.models().embed_content(request).await?;
        Ok(response
            .embedding
            .map(|embedding| embedding.values)
            .unwrap_or_default())
    }

    fn model_pages(&self, page_size: i32) -> PageStream<ListModelsResponse> {
        self.models()
            .list_pages(ListModelsRequest::new().set_page_size(page_size))
    }

    async fn upload_file(
        &self,
        bytes: impl Into<Bytes>,
        mime_type: &str,
        display_name: &str,
    ) -> Result<File, Error> {
        let request = CreateFileRequest::new().set_file(File::new().set_display_name(display_name));
        let media = Media::from_bytes(bytes, mime_type);
        let uploaded = self.media().upload_media(request, media).await?;
        let name = uploaded.file.map(|file| file.name).unwrap_or_default();
        let file = self
            .files()
            .wait_until_active(GetFileRequest::new().set_name(name), PollPolicy::default())
            .await?;
        match file.state {
            file::State::Failed => Err(processing_failed(file)),
            _ => Ok(file),
        }
    }
}

/// The error for a file the server could not process: its `error`, as a
/// failed operation named after the file.
fn processing_failed(file: File) -> Error {
    let status = file
        .error
        .unwrap_or_else(|| Status::new(Code::Unknown, "the file could not be processed"));
    Error::OperationFailed {
        operation: file.name,
        error: Box::new(ApiError {
            http_status: 0,
            method_id: "files.get",
            code: status.code.number().unwrap_or_default(),
            status,
            raw_body: None,
            retry_after: None,
        }),
    }
}
