//! The short example in each client method's docs: the request built with
//! its path fields set to values that fit their templates, then the call.
//! The examples are doctests (compiled, not run).

use crate::model::{ApiInfo, Method, MethodKind, PathField, Resource, Response};

/// The `# Example` section of a method's docs, as Markdown.
pub fn call_example(info: &ApiInfo, resource: &Resource, method: &Method) -> String {
    let krate = &info.crate_ident;
    // A nested type is written from its outermost module, which is what is imported.
    let mut types: Vec<&str> = std::iter::once(&method.request)
        .chain(
            method
                .http
                .path_fields
                .iter()
                .flat_map(|field| &field.messages),
        )
        .map(|path| path.modules.first().unwrap_or(&path.rust_name).as_str())
        .collect();
    types.sort_unstable();
    types.dedup();
    let imports = match types.as_slice() {
        [only] => format!("use {krate}::types::{only};"),
        many => format!("use {krate}::types::{{{}}};", many.join(", ")),
    };
    let mut request = format!("let request = {}::new()", method.request.rust_path());
    for field in &method.http.path_fields {
        request.push_str(&format!("\n    .{}", set_path_field(field)));
    }
    let handle = resource
        .client_path
        .iter()
        .map(|accessor| format!("{accessor}()"))
        .collect::<Vec<_>>()
        .join(".");
    let call = format!("client.{handle}.{}(request).await?", method.rust_name);
    let call = match &method.kind {
        MethodKind::ServerStreaming { .. } => {
            format!("let stream = {call}; // each item: Result<response, Error>")
        }
        MethodKind::LongRunning(operation) => {
            let wait = format!("operation.wait({krate}::PollPolicy::default()).await?;");
            match operation.result {
                Response::Empty => format!("let operation = {call};\n{wait}"),
                Response::Message(_) => format!("let operation = {call};\nlet result = {wait}"),
            }
        }
        MethodKind::Paged { .. } => format!("let page = {call};"),
        MethodKind::Unary {
            response: Response::Empty,
            ..
        }
        | MethodKind::MediaUpload {
            response: Response::Empty,
            ..
        } => format!("{call};"),
        MethodKind::Unary { .. } | MethodKind::MediaUpload { .. } => {
            format!("let response = {call};")
        }
    };
    format!(
        "# Example\n\n```no_run\n\
         # async fn example(client: &{krate}::Client) -> Result<(), {krate}::Error> {{\n\
         {imports}\n\n{request};\n{call}\n\
         # Ok(())\n# }}\n```"
    )
}

/// `set_name("shelves/my-shelf")`, or for a field of a field
/// `set_book(Book::new().set_name("…"))`.
fn set_path_field(field: &PathField) -> String {
    let mut setters = field.setters.iter().rev();
    let mut value = match setters.next() {
        Some(leaf) => format!("{leaf}({:?})", field.example),
        None => return String::new(),
    };
    for (setter, message) in setters.zip(field.messages.iter().rev()) {
        value = format!("{setter}({}::new().{value})", message.rust_path());
    }
    value
}
