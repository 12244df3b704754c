apigen_macros::server!("specs/no_such_folder", types = gemini_v1beta::types);

fn main() {}
