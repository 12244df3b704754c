//! The integration tests in one binary (one link instead of one per file):
//! the generator, the generated client against a loopback server, the server
//! side, the JSON codec, and what each side of the generated crate depends
//! on. Only `client_api_key_env` stays apart, because it changes the process
//! environment; the compile tests of `server!` are in the macros crate.

mod api_diff;
mod client_errors_and_retries;
mod client_hostile_server;
mod client_long_running;
mod client_oauth;
mod client_paging;
mod client_streaming;
mod client_upload;
mod cloud_tasks;
mod codec_properties;
mod codegen_determinism;
mod conformance;
mod dependency_split;
mod edge_cases;
mod enum_text_and_struct_setters;
mod enum_value_docs;
mod every_method_generated;
mod files;
mod free_form_json;
mod generate_task;
mod growth;
mod handle_paths;
mod http_bindings;
mod json_round_trip;
mod method_oracle;
mod method_settings;
mod method_table;
mod minimal_diffs;
mod openapi_export;
mod reserved_names;
mod server_all_methods;
mod server_end_to_end;
mod server_hostile;
mod server_macro;
mod shared_packages;
mod shared_type_moves;
mod spec_errors;
mod spec_schema;
mod transcoding_plan;
mod type_rust_names;
mod upload_sessions;
mod zoo_end_to_end;
