//! Turns of a conversation from text, and parts that point at uploaded
//! files.

use gemini_v1beta::types::{Content, File, FileData, Part};

/// `Content::user("…")` and `Content::model("…")`: one text part in the
/// user's or the model's turn.
pub trait ContentExt {
    /// The user's turn saying `text`.
    fn user(text: impl Into<String>) -> Self;

    /// The model's turn saying `text` (to replay an earlier conversation).
    fn model(text: impl Into<String>) -> Self;
}

impl ContentExt for Content {
    fn user(text: impl Into<String>) -> Self {
        turn("user", [Part::new().set_text(text)])
    }

    fn model(text: impl Into<String>) -> Self {
        turn("model", [Part::new().set_text(text)])
    }
}

/// `Part::from_file(&file)`: a part that shows the model an uploaded file.
pub trait PartExt {
    /// A part referring to `file` by its URI and MIME type.
    fn from_file(file: &File) -> Self;
}

impl PartExt for Part {
    fn from_file(file: &File) -> Self {
        Part::new().set_file_data(
            FileData::new()
                .set_file_uri(file.uri.clone())
                .set_mime_type(file.mime_type.clone()),
        )
    }
}

/// A turn of `role` made of `parts`.
pub(crate) fn turn(role: &str, parts: impl IntoIterator<Item = Part>) -> Content {
    Content::new().set_role(role).set_parts(parts)
}
