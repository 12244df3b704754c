apigen_macros::server!("../specs/unknown_type", types = gemini_v1beta::types);

fn main() {}
