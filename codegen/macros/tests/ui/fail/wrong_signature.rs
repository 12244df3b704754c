mod gemini {
    apigen_macros::server!("../../../../../spec", types = gemini_v1beta::types);
}

struct Models;

impl gemini::Service for Models {
    // The answer must be a `Model`, not a `String`.
    async fn models_get(
        &self,
        request: gemini_v1beta::types::GetModelRequest,
    ) -> Result<String, apigen_runtime::server::ServerError> {
        Ok(request.name)
    }
}

fn main() {}
