apigen_macros::server!("../specs/invalid_yaml", types = zoo_v1::types);

fn main() {}
