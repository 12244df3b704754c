//! Stand-in embeddings: a unit vector drawn from a stable hash of the text,
//! so the same text always has the same embedding and different texts
//! almost surely differ.
//!
//! Value `i` comes from bytes of SHA-256(`i / 8` as 8 little-endian bytes,
//! then the text), four bytes per value, mapped to [-1, 1); the vector is
//! then scaled to length 1.

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::{
    BatchEmbedContentsRequest, BatchEmbedContentsResponse, ContentEmbedding, EmbedContentRequest,
    EmbedContentResponse,
};
use sha2::{Digest, Sha256};

use crate::catalog;

/// The embedding of `text` with `dimensions` values.
pub(crate) fn embed(text: &str, dimensions: usize) -> Vec<f32> {
    let mut values = Vec::with_capacity(dimensions);
    let mut block = 0u64;
    while values.len() < dimensions {
        let digest = Sha256::new()
            .chain_update(block.to_le_bytes())
            .chain_update(text.as_bytes())
            .finalize();
        for word in digest.chunks_exact(4) {
            if values.len() == dimensions {
                break;
            }
            let bits = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
            values.push((f64::from(bits) / f64::from(u32::MAX) * 2.0 - 1.0) as f32);
        }
        block += 1;
    }
    let norm = values.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        values.iter_mut().for_each(|v| *v /= norm);
    }
    values
}

/// The text an embedding is computed from: the content's text parts, joined by newlines.
fn text_of(request: &EmbedContentRequest) -> String {
    request
        .content
        .iter()
        .flat_map(|content| &content.parts)
        .filter_map(|part| part.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One embedding, for `model` (already checked to embed).
fn embed_request(
    model: &str,
    request: &EmbedContentRequest,
    field: &str,
) -> Result<ContentEmbedding, ServerError> {
    let most = catalog::default_dimensions(model);
    let dimensions = match request.output_dimensionality {
        None => most,
        Some(asked) => usize::try_from(asked)
            .ok()
            .filter(|asked| (1..=most).contains(asked))
            .ok_or_else(|| {
                ServerError::invalid_argument(format!(
                    "{field}outputDimensionality must be between 1 and {most} for {model}, \
                     got {asked}"
                ))
            })?,
    };
    if request.content.is_none() {
        return Err(crate::errors::required(&format!("{field}content")));
    }
    Ok(ContentEmbedding::new().set_values(embed(&text_of(request), dimensions)))
}

/// models.embedContent.
pub(crate) fn embed_content(
    request: &EmbedContentRequest,
) -> Result<EmbedContentResponse, ServerError> {
    catalog::supporting(&request.model, "embedContent")?;
    let embedding = embed_request(&request.model, request, "")?;
    Ok(EmbedContentResponse::new().set_embedding(embedding))
}

/// models.batchEmbedContents: each request's model must be the batch's.
pub(crate) fn batch_embed_contents(
    request: &BatchEmbedContentsRequest,
) -> Result<BatchEmbedContentsResponse, ServerError> {
    catalog::supporting(&request.model, "embedContent")?;
    let embeddings = request
        .requests
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let field = format!("requests[{index}].");
            if !item.model.is_empty() && item.model != request.model {
                return Err(ServerError::invalid_argument(format!(
                    "{field}model is {:?}, but the batch is for {:?}",
                    item.model, request.model
                )));
            }
            embed_request(&request.model, item, &field)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(BatchEmbedContentsResponse::new().set_embeddings(embeddings))
}

#[cfg(test)]
mod tests {
    use super::embed;

    #[test]
    fn stable_unit_vectors_of_any_size() {
        let a = embed("hello", 100);
        assert_eq!(a.len(), 100);
        assert_eq!(a, embed("hello", 100));
        assert_eq!(embed("hello", 3).len(), 3);
        assert_ne!(a, embed("hullo", 100));
        let norm: f32 = a.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
    }
}
