mod gemini {
    apigen_macros::server!("../../../../../spec", types = gemini_v1beta::types);
}

struct Nothing;

impl gemini::Service for Nothing {}

fn main() {
    let _router = gemini::router(Nothing);
}
