use gemini_v1beta::server::{ServerError, ServerStream};
use gemini_v1beta::types::{GenerateContentRequest, GenerateContentResponse, GetModelRequest, Model};

mod gemini {
    apigen_macros::server!(
        "../../../../../spec",
        types = gemini_v1beta::types,
        runtime = gemini_v1beta::runtime,
    );
}

struct Fake;

impl gemini::Service for Fake {
    async fn models_get(&self, request: GetModelRequest) -> Result<Model, ServerError> {
        Ok(Model::new().set_name(request.name))
    }

    async fn models_stream_generate_content(
        &self,
        _request: GenerateContentRequest,
    ) -> Result<ServerStream<GenerateContentResponse>, ServerError> {
        Err(ServerError::failed_precondition("not today"))
    }
}

fn main() {
    let _router = gemini::router(Fake);
}
