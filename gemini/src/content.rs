//! Turns of a conversation from text.

use gemini_v1beta::types::{Content, Part};

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
        turn("user", text.into())
    }

    fn model(text: impl Into<String>) -> Self {
        turn("model", text.into())
    }
}

fn turn(role: &str, text: String) -> Content {
    Content::new()
        .set_role(role)
        .set_parts([Part::new().set_text(text)])
}
