apigen_macros::server!("specs/no_such_folder", types = zoo_v1::types);

fn main() {}
