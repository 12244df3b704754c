//! The kind of call a method is (unary, server-streaming, paged,
//! long-running or media upload), checked against what it answers.

use apigen_runtime::path_template::PathTemplate;

use super::http::at_offset;
use super::wait::wait_helper;
use super::{answer_ref, find_field, message_ref, missing, Answer, TypeIndex, EMPTY};
use crate::diagnostic::{Diagnostics, Reported};
use crate::model::{MethodKind, Operation};
use crate::names;
use crate::resolve::suggest::Expected;
use crate::resolve::unknown;
use crate::spec::{self, Text};

/// The kind of call with what it answers; `(rust_name, handler)` name the
/// helper methods it adds. A kind that cannot carry the answer is refused here.
pub(super) fn method_kind(
    method: &spec::Method,
    (rust_name, handler): (&str, &str),
    response: Answer<'_>,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    check_one_kind(method, diagnostics)?;
    if let Some(streaming) = &method.streaming {
        return streamed(streaming, response, method, index, diagnostics);
    }
    if let Some(items) = &method.paging_items {
        return paging(items, method, response, rust_name, index, diagnostics);
    }
    if let Some(lro) = &method.long_running {
        return long_running(lro, method, response, index, diagnostics);
    }
    if let Some(path) = &method.media_upload_path {
        return media_upload(path, response, (rust_name, handler), index, diagnostics);
    }
    let wait = method
        .wait
        .as_ref()
        .map(|wait| wait_helper(wait, response, method, index, diagnostics))
        .transpose()?;
    Ok(MethodKind::Unary {
        response: response.lower(index),
        wait,
    })
}

/// Checks `streaming:`: only `server`, and a stream of messages.
fn streamed(
    streaming: &Text,
    response: Answer<'_>,
    method: &spec::Method,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    if streaming.value != "server" {
        return Err(diagnostics.report(
            streaming
                .at
                .error(format!("unknown streaming kind `{}`", streaming.value))
                .with_help("only `server` is supported"),
        ));
    }
    match response {
        Answer::Message(item) => Ok(MethodKind::ServerStreaming {
            item: index.declared_path(&item.name),
        }),
        Answer::Empty => Err(diagnostics.report(
            method
                .response
                .at
                .error(format!(
                    "a server stream of `{EMPTY}` would carry nothing in each event"
                ))
                .with_note(&streaming.at.loc, "`streaming` is here")
                .with_help("stream a message, or drop `streaming: server` to answer nothing once"),
        )),
    }
}

/// Checks `long_running:`: the method answers the operation message, whose
/// result is a message or `google.protobuf.Empty`, polled with a GET method
/// (checked once every method is resolved).
fn long_running(
    lro: &spec::LongRunning,
    method: &spec::Method,
    response: Answer<'_>,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    let result = answer_ref(&lro.response, index, diagnostics);
    let metadata = message_ref(&lro.metadata, Expected::Message, index, diagnostics);
    let operation = match response {
        Answer::Message(operation) => Ok(operation),
        Answer::Empty => Err(diagnostics.report(
            method
                .response
                .at
                .error(format!(
                    "a long-running method answers an operation, not `{EMPTY}`"
                ))
                .with_note(&lro.at.loc, "`long_running` is here")
                .with_help(format!(
                    "answer the Operation message here, and put an empty result in `long_running: {{ response: {EMPTY} }}`"
                )),
        )),
    };
    let (operation, result, metadata) = (operation?, result?, metadata?);
    Ok(MethodKind::LongRunning(Operation {
        message: index.declared_path(&operation.name),
        result: result.lower(index),
        metadata: index.declared_path(&metadata.name),
        poll_id: lro.poll.value.clone(),
        // The binding of a method follows from its id; `resources` checks the id.
        poll_const: names::binding_const(&lro.poll.value),
    }))
}

/// Checks a `paging:` declaration: the token fields and the repeated items field.
fn paging(
    items: &Text,
    method: &spec::Method,
    response: Answer<'_>,
    rust_name: &str,
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    let Answer::Message(response) = response else {
        return Err(diagnostics.report(
            method
                .response
                .at
                .error(format!(
                    "a paged method answers a page, and `{EMPTY}` has no items or `nextPageToken`"
                ))
                .with_note(&items.at.loc, "`paging` is here")
                .with_help("answer a message with the repeated items and `nextPageToken`, or drop `paging:`"),
        ));
    };
    // A request that is not a message is reported where the method is resolved.
    let request = index
        .message(&method.request.value)
        .ok_or_else(|| missing(&method.request, diagnostics))?;
    if items.value.is_empty() {
        return Err(missing(items, diagnostics));
    }
    let token_fields = token_fields(items, [request, response], index, diagnostics);
    let items_field = items_field(items, response, diagnostics)?;
    let [page_token, next_page_token] =
        <[String; 2]>::try_from(token_fields?).map_err(|_| missing(items, diagnostics))?;
    let item_type = index
        .peek_type(&items_field.type_name)
        .ok_or_else(|| missing(&items_field.type_name, diagnostics))?;
    Ok(MethodKind::Paged {
        response: index.declared_path(&response.name),
        pages_method: format!("{rust_name}_pages"),
        items_method: format!("{rust_name}_items"),
        items: items.value.clone(),
        items_rust: index.rust_field_name(items_field),
        item_type,
        page_token,
        next_page_token,
    })
}

/// A single string field: not optional, repeated or a map.
fn is_plain_string(field: &spec::Field) -> bool {
    field.type_name.value == "string"
        && !field.repeated
        && !field.optional
        && field.map_key.is_none()
}

/// The Rust names of the request's `pageToken` and the response's
/// `nextPageToken`, each a plain string field.
fn token_fields(
    items: &Text,
    [request, response]: [&spec::Message; 2],
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<String>, Reported> {
    let mut token_fields = Vec::new();
    let mut failed = None;
    for (message, name) in [request, response]
        .into_iter()
        .zip(["pageToken", "nextPageToken"])
    {
        match find_field(message, name) {
            Some(field) if is_plain_string(field) => {
                token_fields.push(index.rust_field_name(field))
            }
            Some(field) => {
                failed = Some(
                    diagnostics.report(
                        field
                            .name
                            .at
                            .error(format!(
                                "`{name}` must be a plain (not optional, not repeated) string"
                            ))
                            .with_help(
                                "make it `type: string` without `optional`, `repeated` or `map`",
                            ),
                    ),
                )
            }
            None if !message.intact => failed = Some(missing(items, diagnostics)),
            None => {
                failed = Some(
                    diagnostics.report(
                        items
                            .at
                            .error(format!(
                                "a paged method needs `{name}` on `{}`",
                                message.name.value
                            ))
                            .with_note(
                                &message.name.at.loc,
                                format!("`{}` is declared here", message.name.value),
                            )
                            .with_help(format!(
                                "add `{name}: {{ type: string, description: \"…\" }}` to its fields"
                            )),
                    ),
                )
            }
        }
    }
    match failed {
        Some(reported) => Err(reported),
        None => Ok(token_fields),
    }
}

/// The response's field that `items:` names: a repeated field.
fn items_field<'s>(
    items: &Text,
    response: &'s spec::Message,
    diagnostics: &mut Diagnostics,
) -> Result<&'s spec::Field, Reported> {
    match find_field(response, &items.value) {
        Some(field) if field.repeated => Ok(field),
        Some(_) => Err(diagnostics.report(
            items
                .at
                .error(format!("`{}` must be a repeated field", items.value))
                .with_help("name the list of items in the response, e.g. `items: things`"),
        )),
        None if !response.intact => Err(missing(items, diagnostics)),
        None => {
            let message = format!(
                "`{}` is not a field of `{}`",
                items.value, response.name.value
            );
            Err(diagnostics.report(unknown(
                items,
                message,
                response.fields.iter().map(|f| f.name.value.as_str()),
            )))
        }
    }
}

/// Reports a method declared as more than one kind of call, or a wait
/// helper on a method that is not a plain call.
fn check_one_kind(method: &spec::Method, diagnostics: &mut Diagnostics) -> Result<(), Reported> {
    // The kinds of call declared, in file order.
    let mut declared: Vec<(&str, &spec::At)> = [
        ("streaming", method.streaming.as_ref().map(|text| &text.at)),
        ("paging", method.paging_items.as_ref().map(|text| &text.at)),
        (
            "long_running",
            method.long_running.as_ref().map(|lro| &lro.at),
        ),
        (
            "media_upload",
            method.media_upload_path.as_ref().map(|text| &text.at),
        ),
    ]
    .into_iter()
    .filter_map(|(key, at)| Some((key, at?)))
    .collect();
    declared.sort_by_key(|(_, at)| at.loc.pos);
    if let [(first, first_at), (second, second_at), ..] = declared[..] {
        return Err(diagnostics.report(
            second_at
                .error(format!(
                    "a method can be only one of `streaming`, `paging`, `long_running` and `media_upload`; this one is `{first}` too"
                ))
                .with_note(&first_at.loc, format!("`{first}` is here"))
                .with_help(format!(
                    "keep either `{first}` or `{second}`, and make the other kind of call a method of its own"
                )),
        ));
    }
    if let (Some(wait), Some((key, at))) = (&method.wait, declared.first()) {
        return Err(diagnostics.report(
            wait.name
                .at
                .error(format!(
                    "`wait:` repeats a plain call, and this method is `{key}`"
                ))
                .with_note(&at.loc, format!("`{key}` is here"))
                .with_help(format!(
                    "drop `wait:`, or `{key}` and make the other kind of call a method of its own"
                )),
        ));
    }
    Ok(())
}

/// Checks `media_upload:`: the path the bytes go to must parse.
fn media_upload(
    path: &Text,
    response: Answer<'_>,
    (rust_name, handler): (&str, &str),
    index: &TypeIndex<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodKind, Reported> {
    if path.value.is_empty() {
        return Err(missing(path, diagnostics));
    }
    if let Err(error) = PathTemplate::parse(&path.value) {
        return Err(diagnostics.report(
            at_offset(path, error.offset)
                .error(format!("the upload path does not parse: {}", error.message))
                .with_help("write the path the bytes go to, e.g. `/upload/v1/files`"),
        ));
    }
    Ok(MethodKind::MediaUpload {
        response: response.lower(index),
        upload_path: path.value.clone(),
        media_method: format!("{rust_name}_media"),
        media_handler: format!("{handler}_media"),
    })
}
