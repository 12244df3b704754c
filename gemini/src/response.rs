//! What an app reads from an answer (or a stream chunk): its text, its
//! function calls, and whether it was blocked.

use gemini_v1beta::types::{Content, FunctionCall, GenerateContentResponse, Part};

/// Reading a [`GenerateContentResponse`], whole or one chunk of a stream.
pub trait ResponseExt {
    /// The text parts of the first candidate, joined; empty when it has
    /// none (a blocked prompt, or only function calls).
    fn text(&self) -> String;

    /// The function calls the first candidate asks for, in order.
    fn function_calls(&self) -> Vec<&FunctionCall>;

    /// Why the prompt was blocked (`SAFETY`, …), when it was.
    fn block_reason(&self) -> Option<String>;
}

impl ResponseExt for GenerateContentResponse {
    fn text(&self) -> String {
        parts(self).filter_map(Part::text).collect()
    }

    fn function_calls(&self) -> Vec<&FunctionCall> {
        parts(self).filter_map(Part::function_call).collect()
    }

    fn block_reason(&self) -> Option<String> {
        let feedback = self.prompt_feedback.as_ref()?;
        (feedback.block_reason != Default::default()).then(|| feedback.block_reason.to_string())
    }
}

/// The parts of the first candidate's content.
fn parts(response: &GenerateContentResponse) -> impl Iterator<Item = &Part> {
    response
        .candidates
        .first()
        .and_then(|candidate| candidate.content.as_ref())
        .into_iter()
        .flat_map(|content: &Content| &content.parts)
}
