apigen_macros::server!("../specs/unknown_type", types = zoo_v1::types);

fn main() {}
