//! Model names as people write them, and the client's entry points.

use gemini_v1beta::types::{Content, GenerateContentRequest, GenerateContentResponse};
use gemini_v1beta::{Client, Error};

use crate::chat::Chat;

/// The resource name of a model: `gemini-2.5-flash` and
/// `models/gemini-2.5-flash` both give `models/gemini-2.5-flash`; a tuned
/// model's name (`tunedModels/…`) is kept as it is.
pub fn model_name(model: &str) -> String {
    if model.contains('/') {
        model.to_owned()
    } else {
        format!("models/{model}")
    }
}

/// Shortcuts on the generated [`Client`].
#[allow(async_fn_in_trait)]
pub trait ClientExt {
    /// One answer to `contents` (a single `Content::user(…)` or a whole
    /// conversation) from `model`, named with or without `models/`.
    async fn generate(
        &self,
        model: &str,
        contents: impl IntoIterator<Item = Content>,
    ) -> Result<GenerateContentResponse, Error>;

    /// A chat with `model` that starts with an empty history.
    fn chat(&self, model: &str) -> Chat;
}

impl ClientExt for Client {
    async fn generate(
        &self,
        model: &str,
        contents: impl IntoIterator<Item = Content>,
    ) -> Result<GenerateContentResponse, Error> {
        let request = GenerateContentRequest::new()
            .set_model(model_name(model))
            .set_contents(contents);
        self.models().generate_content(request).await
    }

    fn chat(&self, model: &str) -> Chat {
        Chat::new(self.clone(), model)
    }
}

#[cfg(test)]
mod tests {
    use super::model_name;

    #[test]
    fn a_bare_model_name_gains_its_collection() {
        assert_eq!(model_name("gemini-2.5-flash"), "models/gemini-2.5-flash");
        assert_eq!(
            model_name("models/gemini-2.5-flash"),
            "models/gemini-2.5-flash"
        );
        assert_eq!(model_name("tunedModels/my-model"), "tunedModels/my-model");
    }
}
