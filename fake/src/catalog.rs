//! The base models the fake knows: `models.get`, `models.list`, and which
//! methods each model supports.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::{GetModelRequest, ListModelsRequest, ListModelsResponse, Model};

use crate::paging::{Limits, ListCall};

/// models.list: 50 by default, at most 1000.
const LIMITS: Limits = Limits {
    default: 50,
    max: 1000,
};

/// What a stand-in model does, besides its name.
struct Entry {
    id: &'static str,
    display_name: &'static str,
    version: &'static str,
    input_token_limit: i32,
    output_token_limit: i32,
    methods: &'static [&'static str],
    /// Chat models' sampling defaults: temperature, its maximum, topP, topK; none for embedding models.
    sampling: Option<(f32, f32, f32, i32)>,
    thinking: bool,
}

/// The methods of a Gemini chat model.
const CHAT: &[&str] = &[
    "generateContent",
    "countTokens",
    "createCachedContent",
    "batchGenerateContent",
];
/// The methods of a base model that can be tuned.
const TUNABLE: &[&str] = &["generateContent", "countTokens", "createTunedModel"];
/// The methods of an embedding model.
const EMBEDDING: &[&str] = &["embedContent", "countTextTokens", "countTokens"];

const ENTRIES: &[Entry] = &[
    Entry {
        id: "gemini-1.5-flash-001",
        display_name: "Gemini 1.5 Flash 001",
        version: "001",
        input_token_limit: 1_000_000,
        output_token_limit: 8192,
        methods: CHAT,
        sampling: Some((1.0, 2.0, 0.95, 64)),
        thinking: false,
    },
    Entry {
        id: "gemini-1.5-flash-001-tuning",
        display_name: "Gemini 1.5 Flash 001 Tuning",
        version: "001",
        input_token_limit: 16_384,
        output_token_limit: 8192,
        methods: TUNABLE,
        sampling: Some((1.0, 2.0, 0.95, 64)),
        thinking: false,
    },
    Entry {
        id: "gemini-2.0-flash",
        display_name: "Gemini 2.0 Flash",
        version: "2.0",
        input_token_limit: 1_048_576,
        output_token_limit: 8192,
        methods: CHAT,
        sampling: Some((1.0, 2.0, 0.95, 40)),
        thinking: false,
    },
    Entry {
        id: "gemini-2.5-flash",
        display_name: "Gemini 2.5 Flash",
        version: "001",
        input_token_limit: 1_048_576,
        output_token_limit: 65_536,
        methods: CHAT,
        sampling: Some((1.0, 2.0, 0.95, 64)),
        thinking: true,
    },
    Entry {
        id: "gemini-2.5-pro",
        display_name: "Gemini 2.5 Pro",
        version: "2.5",
        input_token_limit: 1_048_576,
        output_token_limit: 65_536,
        methods: CHAT,
        sampling: Some((1.0, 2.0, 0.95, 64)),
        thinking: true,
    },
    Entry {
        id: "gemini-embedding-001",
        display_name: "Gemini Embedding 001",
        version: "001",
        input_token_limit: 2048,
        output_token_limit: 1,
        methods: EMBEDDING,
        sampling: None,
        thinking: false,
    },
    Entry {
        id: "text-embedding-004",
        display_name: "Text Embedding 004",
        version: "004",
        input_token_limit: 2048,
        output_token_limit: 1,
        methods: EMBEDDING,
        sampling: None,
        thinking: false,
    },
];

/// How many values an embedding model answers when the request does not say.
pub(crate) fn default_dimensions(model: &str) -> usize {
    match model {
        "models/gemini-embedding-001" => 3072,
        _ => 768,
    }
}

fn model(entry: &Entry) -> Model {
    let model = Model::new()
        .set_name(format!("models/{}", entry.id))
        .set_base_model_id(entry.id)
        .set_version(entry.version)
        .set_display_name(entry.display_name)
        .set_description(format!(
            "{}: a deterministic stand-in model of gemini-fake.",
            entry.display_name
        ))
        .set_input_token_limit(entry.input_token_limit)
        .set_output_token_limit(entry.output_token_limit)
        .set_supported_generation_methods(entry.methods.iter().copied())
        .set_thinking(entry.thinking);
    match entry.sampling {
        Some((temperature, max_temperature, top_p, top_k)) => model
            .set_temperature(temperature)
            .set_max_temperature(max_temperature)
            .set_top_p(top_p)
            .set_top_k(top_k),
        None => model,
    }
}

/// Every model by name.
fn catalog() -> &'static BTreeMap<String, Model> {
    static CATALOG: OnceLock<BTreeMap<String, Model>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        ENTRIES
            .iter()
            .map(model)
            .map(|model| (model.name.clone(), model))
            .collect()
    })
}

/// The model `name` if it supports `method`, else NOT_FOUND as the API words it.
pub(crate) fn supporting(name: &str, method: &str) -> Result<&'static Model, ServerError> {
    catalog()
        .get(name)
        .filter(|model| {
            model
                .supported_generation_methods
                .iter()
                .any(|m| m == method)
        })
        .ok_or_else(|| {
            ServerError::not_found(format!(
                "{name} is not found for API version v1beta, or is not supported for {method}. \
                 Call ListModels to see the list of available models and their supported methods."
            ))
        })
}

/// models.get.
pub(crate) fn get(request: &GetModelRequest) -> Result<Model, ServerError> {
    catalog()
        .get(&request.name)
        .cloned()
        .ok_or_else(|| crate::errors::not_found("model", &request.name))
}

/// models.list, in name order.
pub(crate) fn list(request: &ListModelsRequest) -> Result<ListModelsResponse, ServerError> {
    let page = ListCall {
        scope: "models.list",
        prefix: "",
        page_size: request.page_size,
        page_token: &request.page_token,
        limits: LIMITS,
    }
    .page(catalog(), |_| true)?;
    Ok(ListModelsResponse::new()
        .set_models(page.items.into_iter().cloned())
        .set_next_page_token(page.next_page_token))
}
