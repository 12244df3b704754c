apigen_macros::server!("../specs/invalid_yaml", types = gemini_v1beta::types);

fn main() {}
