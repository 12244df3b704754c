//! Semantic retrieval storage: corpora, their documents, and the documents' chunks.

use std::collections::BTreeSet;

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::*;

use crate::errors::{already_exists, check_len, not_found, required};
use crate::mask::{self, WhenEmpty};
use crate::names;
use crate::paging::{Limits, ListCall};
use crate::state::State;

/// corpora.list and documents.list: 10 by default, at most 20.
const CORPORA_LIMITS: Limits = Limits {
    default: 10,
    max: 20,
};
/// chunks.list: 10 by default, at most 100.
const CHUNK_LIMITS: Limits = Limits {
    default: 10,
    max: 100,
};
/// The most requests one batch call may hold.
const MAX_BATCH: usize = 100;
/// The most custom metadata entries on a document or chunk.
const MAX_METADATA: usize = 20;
/// The longest display name of a corpus or document.
const MAX_DISPLAY_NAME: usize = 512;

fn check_metadata(field: &str, metadata: &[CustomMetadata]) -> Result<(), ServerError> {
    if metadata.len() > MAX_METADATA {
        return Err(ServerError::invalid_argument(format!(
            "{field} has {} entries; at most {MAX_METADATA} are allowed",
            metadata.len()
        )));
    }
    for entry in metadata {
        if entry.key.is_empty() {
            return Err(required(&format!("{field}.key")));
        }
        if entry.value.is_none() {
            return Err(ServerError::invalid_argument(format!(
                "{field} entry {:?} has no value",
                entry.key
            )));
        }
    }
    Ok(())
}

fn check_chunk_data(field: &str, data: &Option<ChunkData>) -> Result<(), ServerError> {
    match data.as_ref().and_then(|data| data.data.as_ref()) {
        Some(chunk_data::Data::StringValue(text)) if !text.is_empty() => Ok(()),
        _ => Err(required(&format!("{field}.data.stringValue"))),
    }
}

impl State {
    // ---- corpora ----

    /// Creates a corpus, under the caller's name when valid and free, else a new one.
    pub(crate) fn corpora_create(
        &mut self,
        request: CreateCorpusRequest,
    ) -> Result<Corpus, ServerError> {
        let mut corpus = request.corpus.unwrap_or_default();
        check_len("corpus.displayName", &corpus.display_name, MAX_DISPLAY_NAME)?;
        if corpus.name.is_empty() {
            corpus.name = loop {
                let name = format!(
                    "corpora/{}",
                    names::id_from_display_name(&mut self.ids, &corpus.display_name)
                );
                if !self.corpora.contains_key(&name) {
                    break name;
                }
            };
        } else {
            let id = corpus.name.strip_prefix("corpora/").unwrap_or_default();
            if !names::is_valid_id(id) {
                return Err(ServerError::invalid_argument(format!(
                    "corpus name {:?} must be corpora/ID, where ID has 1 to 40 lowercase letters, \
                     digits or dashes and neither starts nor ends with a dash",
                    corpus.name
                )));
            }
            if self.corpora.contains_key(&corpus.name) {
                return Err(already_exists("corpus", &corpus.name));
            }
        }
        let time = self.clock.now();
        corpus.create_time = Some(time);
        corpus.update_time = Some(time);
        corpus.unknown_fields.clear();
        self.corpora.insert(corpus.name.clone(), corpus.clone());
        Ok(corpus)
    }

    /// The corpus `name`.
    pub(crate) fn corpora_get(&self, name: &str) -> Result<Corpus, ServerError> {
        self.corpora
            .get(name)
            .cloned()
            .ok_or_else(|| not_found("corpus", name))
    }

    /// A page of the corpora.
    pub(crate) fn corpora_list(
        &self,
        request: &ListCorporaRequest,
    ) -> Result<ListCorporaResponse, ServerError> {
        let page = ListCall {
            scope: "corpora.list",
            prefix: "",
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: CORPORA_LIMITS,
        }
        .page(&self.corpora, |_| true)?
        .cloned();
        Ok(ListCorporaResponse::new()
            .set_corpora(page.items)
            .set_next_page_token(page.next_page_token))
    }

    /// Changes the masked fields (only `displayName`) of a corpus.
    pub(crate) fn corpora_patch(
        &mut self,
        request: UpdateCorpusRequest,
    ) -> Result<Corpus, ServerError> {
        let update = request.corpus.ok_or_else(|| required("corpus"))?;
        let fields = mask::fields(
            request.update_mask.as_ref(),
            &["display_name"],
            "corpus",
            WhenEmpty::Refuse,
        )?;
        let corpus = self
            .corpora
            .get_mut(&update.name)
            .ok_or_else(|| not_found("corpus", &update.name))?;
        if fields.contains(&"display_name") {
            check_len("corpus.displayName", &update.display_name, MAX_DISPLAY_NAME)?;
            corpus.display_name = update.display_name;
        }
        corpus.update_time = Some(self.clock.now());
        Ok(corpus.clone())
    }

    /// Deletes a corpus; with documents only when `force` is set, and then with them.
    pub(crate) fn corpora_delete(
        &mut self,
        request: DeleteCorpusRequest,
    ) -> Result<(), ServerError> {
        let name = request.name;
        if !self.corpora.contains_key(&name) {
            return Err(not_found("corpus", &name));
        }
        let documents = names::children_prefix(&name, "documents");
        if !request.force && State::any_under(&self.documents, &documents) {
            return Err(ServerError::failed_precondition(format!(
                "corpus {name:?} has documents; delete them first or set force to delete them with it"
            )));
        }
        State::remove_under(&mut self.chunks, &documents);
        State::remove_under(&mut self.documents, &documents);
        State::remove_under(
            &mut self.permissions,
            &names::children_prefix(&name, "permissions"),
        );
        self.corpora.remove(&name);
        Ok(())
    }

    // ---- documents ----

    /// Creates a document in an existing corpus.
    pub(crate) fn documents_create(
        &mut self,
        request: CreateDocumentRequest,
    ) -> Result<Document, ServerError> {
        let parent = request.parent;
        if !self.corpora.contains_key(&parent) {
            return Err(not_found("corpus", &parent));
        }
        let mut document = request.document.unwrap_or_default();
        check_len(
            "document.displayName",
            &document.display_name,
            MAX_DISPLAY_NAME,
        )?;
        check_metadata("document.customMetadata", &document.custom_metadata)?;
        if document.name.is_empty() {
            document.name = loop {
                let id = names::id_from_display_name(&mut self.ids, &document.display_name);
                let name = format!("{parent}/documents/{id}");
                if !self.documents.contains_key(&name) {
                    break name;
                }
            };
        } else {
            names::check_child_name(&document.name, &parent, "documents", "document")?;
            if self.documents.contains_key(&document.name) {
                return Err(already_exists("document", &document.name));
            }
        }
        let time = self.clock.now();
        document.create_time = Some(time);
        document.update_time = Some(time);
        document.unknown_fields.clear();
        self.documents
            .insert(document.name.clone(), document.clone());
        Ok(document)
    }

    /// The document `name`.
    pub(crate) fn documents_get(&self, name: &str) -> Result<Document, ServerError> {
        self.documents
            .get(name)
            .cloned()
            .ok_or_else(|| not_found("document", name))
    }

    /// A page of a corpus's documents.
    pub(crate) fn documents_list(
        &self,
        request: &ListDocumentsRequest,
    ) -> Result<ListDocumentsResponse, ServerError> {
        if !self.corpora.contains_key(&request.parent) {
            return Err(not_found("corpus", &request.parent));
        }
        let prefix = names::children_prefix(&request.parent, "documents");
        let page = ListCall {
            scope: "corpora.documents.list",
            prefix: &prefix,
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: CORPORA_LIMITS,
        }
        .page(&self.documents, |_| true)?
        .cloned();
        Ok(ListDocumentsResponse::new()
            .set_documents(page.items)
            .set_next_page_token(page.next_page_token))
    }

    /// Changes the masked fields (`displayName`, `customMetadata`) of a document.
    pub(crate) fn documents_patch(
        &mut self,
        request: UpdateDocumentRequest,
    ) -> Result<Document, ServerError> {
        let update = request.document.ok_or_else(|| required("document"))?;
        let fields = mask::fields(
            request.update_mask.as_ref(),
            &["display_name", "custom_metadata"],
            "document",
            WhenEmpty::Refuse,
        )?;
        let document = self
            .documents
            .get_mut(&update.name)
            .ok_or_else(|| not_found("document", &update.name))?;
        if fields.contains(&"display_name") {
            check_len(
                "document.displayName",
                &update.display_name,
                MAX_DISPLAY_NAME,
            )?;
        }
        if fields.contains(&"custom_metadata") {
            check_metadata("document.customMetadata", &update.custom_metadata)?;
        }
        for field in fields {
            match field {
                "display_name" => document.display_name = update.display_name.clone(),
                _ => document.custom_metadata = update.custom_metadata.clone(),
            }
        }
        document.update_time = Some(self.clock.now());
        Ok(document.clone())
    }

    /// Deletes a document; with chunks only when `force` is set, and then with them.
    pub(crate) fn documents_delete(
        &mut self,
        request: DeleteDocumentRequest,
    ) -> Result<(), ServerError> {
        let name = request.name;
        if !self.documents.contains_key(&name) {
            return Err(not_found("document", &name));
        }
        let chunks = names::children_prefix(&name, "chunks");
        if !request.force && State::any_under(&self.chunks, &chunks) {
            return Err(ServerError::failed_precondition(format!(
                "document {name:?} has chunks; delete them first or set force to delete them with it"
            )));
        }
        State::remove_under(&mut self.chunks, &chunks);
        self.documents.remove(&name);
        Ok(())
    }

    // ---- chunks ----

    /// Checks a chunk to create under `parent` and gives it its name, state and times.
    /// `taken` holds names already used by earlier chunks of the same batch.
    fn prepare_chunk(
        &mut self,
        parent: &str,
        chunk: Option<Chunk>,
        field: &str,
        taken: &BTreeSet<String>,
    ) -> Result<Chunk, ServerError> {
        let mut chunk = chunk.ok_or_else(|| required(field))?;
        check_chunk_data(field, &chunk.data)?;
        check_metadata(&format!("{field}.customMetadata"), &chunk.custom_metadata)?;
        if chunk.name.is_empty() {
            chunk.name = loop {
                let name = format!("{parent}/chunks/{}", names::new_id(&mut self.ids));
                if !self.chunks.contains_key(&name) && !taken.contains(&name) {
                    break name;
                }
            };
        } else {
            names::check_child_name(&chunk.name, parent, "chunks", "chunk")?;
            if self.chunks.contains_key(&chunk.name) || taken.contains(&chunk.name) {
                return Err(already_exists("chunk", &chunk.name));
            }
        }
        let time = self.clock.now();
        chunk.create_time = Some(time);
        chunk.update_time = Some(time);
        chunk.state = chunk::State::Active;
        chunk.unknown_fields.clear();
        Ok(chunk)
    }

    fn require_document(&self, name: &str) -> Result<(), ServerError> {
        if self.documents.contains_key(name) {
            Ok(())
        } else {
            Err(not_found("document", name))
        }
    }

    /// Creates an ACTIVE chunk in an existing document.
    pub(crate) fn chunks_create(
        &mut self,
        request: CreateChunkRequest,
    ) -> Result<Chunk, ServerError> {
        self.require_document(&request.parent)?;
        let chunk =
            self.prepare_chunk(&request.parent, request.chunk, "chunk", &BTreeSet::new())?;
        self.chunks.insert(chunk.name.clone(), chunk.clone());
        Ok(chunk)
    }

    /// Creates several chunks in one document: all of them or, on any error, none.
    pub(crate) fn chunks_batch_create(
        &mut self,
        request: BatchCreateChunksRequest,
    ) -> Result<BatchCreateChunksResponse, ServerError> {
        check_batch_len(request.requests.len())?;
        self.require_document(&request.parent)?;
        let mut taken = BTreeSet::new();
        let mut chunks = Vec::with_capacity(request.requests.len());
        for (index, single) in request.requests.into_iter().enumerate() {
            if !single.parent.is_empty() && single.parent != request.parent {
                return Err(ServerError::invalid_argument(format!(
                    "requests[{index}].parent {:?} differs from the batch parent {:?}",
                    single.parent, request.parent
                )));
            }
            let chunk = self.prepare_chunk(
                &request.parent,
                single.chunk,
                &format!("requests[{index}].chunk"),
                &taken,
            )?;
            taken.insert(chunk.name.clone());
            chunks.push(chunk);
        }
        for chunk in &chunks {
            self.chunks.insert(chunk.name.clone(), chunk.clone());
        }
        Ok(BatchCreateChunksResponse::new().set_chunks(chunks))
    }

    /// The chunk `name`.
    pub(crate) fn chunks_get(&self, name: &str) -> Result<Chunk, ServerError> {
        self.chunks
            .get(name)
            .cloned()
            .ok_or_else(|| not_found("chunk", name))
    }

    /// A page of a document's chunks.
    pub(crate) fn chunks_list(
        &self,
        request: &ListChunksRequest,
    ) -> Result<ListChunksResponse, ServerError> {
        self.require_document(&request.parent)?;
        let prefix = names::children_prefix(&request.parent, "chunks");
        let page = ListCall {
            scope: "corpora.documents.chunks.list",
            prefix: &prefix,
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: CHUNK_LIMITS,
        }
        .page(&self.chunks, |_| true)?
        .cloned();
        Ok(ListChunksResponse::new()
            .set_chunks(page.items)
            .set_next_page_token(page.next_page_token))
    }

    /// The chunk `request` makes, without storing it.
    fn updated_chunk(
        &self,
        request: UpdateChunkRequest,
        field: &str,
    ) -> Result<Chunk, ServerError> {
        let update = request.chunk.ok_or_else(|| required(field))?;
        let fields = mask::fields(
            request.update_mask.as_ref(),
            &["data", "custom_metadata"],
            "chunk",
            WhenEmpty::Refuse,
        )?;
        let mut chunk = self
            .chunks
            .get(&update.name)
            .cloned()
            .ok_or_else(|| not_found("chunk", &update.name))?;
        for field_name in fields {
            match field_name {
                "data" => {
                    check_chunk_data(field, &update.data)?;
                    chunk.data = update.data.clone();
                }
                _ => {
                    check_metadata(&format!("{field}.customMetadata"), &update.custom_metadata)?;
                    chunk.custom_metadata = update.custom_metadata.clone();
                }
            }
        }
        chunk.update_time = Some(self.clock.now());
        Ok(chunk)
    }

    /// Changes the masked fields (`data`, `customMetadata`) of a chunk.
    pub(crate) fn chunks_patch(
        &mut self,
        request: UpdateChunkRequest,
    ) -> Result<Chunk, ServerError> {
        let chunk = self.updated_chunk(request, "chunk")?;
        self.chunks.insert(chunk.name.clone(), chunk.clone());
        Ok(chunk)
    }

    /// Updates several chunks of one document: all of them or, on any error, none.
    pub(crate) fn chunks_batch_update(
        &mut self,
        request: BatchUpdateChunksRequest,
    ) -> Result<BatchUpdateChunksResponse, ServerError> {
        check_batch_len(request.requests.len())?;
        self.require_document(&request.parent)?;
        let mut chunks = Vec::with_capacity(request.requests.len());
        let mut seen = BTreeSet::new();
        for (index, single) in request.requests.into_iter().enumerate() {
            let field = format!("requests[{index}].chunk");
            let name = single
                .chunk
                .as_ref()
                .map(|chunk| chunk.name.as_str())
                .unwrap_or_default();
            check_in_document(name, &request.parent, &field)?;
            check_once(&mut seen, name)?;
            chunks.push(self.updated_chunk(single, &field)?);
        }
        for chunk in &chunks {
            self.chunks.insert(chunk.name.clone(), chunk.clone());
        }
        Ok(BatchUpdateChunksResponse::new().set_chunks(chunks))
    }

    /// Deletes the chunk `name`.
    pub(crate) fn chunks_delete(&mut self, name: &str) -> Result<(), ServerError> {
        self.chunks
            .remove(name)
            .map(drop)
            .ok_or_else(|| not_found("chunk", name))
    }

    /// Deletes several chunks of one document: all of them or, on any error, none.
    pub(crate) fn chunks_batch_delete(
        &mut self,
        request: BatchDeleteChunksRequest,
    ) -> Result<(), ServerError> {
        check_batch_len(request.requests.len())?;
        self.require_document(&request.parent)?;
        let mut seen = BTreeSet::new();
        for (index, single) in request.requests.iter().enumerate() {
            check_in_document(&single.name, &request.parent, &format!("requests[{index}]"))?;
            check_once(&mut seen, &single.name)?;
            if !self.chunks.contains_key(&single.name) {
                return Err(not_found("chunk", &single.name));
            }
        }
        for single in &request.requests {
            self.chunks.remove(&single.name);
        }
        Ok(())
    }
}

fn check_batch_len(len: usize) -> Result<(), ServerError> {
    if len == 0 {
        return Err(required("requests"));
    }
    if len > MAX_BATCH {
        return Err(ServerError::invalid_argument(format!(
            "a batch holds at most {MAX_BATCH} requests, got {len}"
        )));
    }
    Ok(())
}

/// INVALID_ARGUMENT unless the chunk `name` is in the document `parent`.
fn check_in_document(name: &str, parent: &str, field: &str) -> Result<(), ServerError> {
    match names::split_child(name, "chunks") {
        Some((actual, _)) if actual == parent => Ok(()),
        _ => Err(ServerError::invalid_argument(format!(
            "{field}.name {name:?} is not a chunk of the batch parent {parent:?}"
        ))),
    }
}

/// INVALID_ARGUMENT when a batch names the same chunk twice.
fn check_once(seen: &mut BTreeSet<String>, name: &str) -> Result<(), ServerError> {
    if seen.insert(name.to_owned()) {
        Ok(())
    } else {
        Err(ServerError::invalid_argument(format!(
            "the batch names chunk {name:?} more than once"
        )))
    }
}
