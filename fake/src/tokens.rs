//! The fake's token count, one deterministic rule for everything it counts
//! (prompts, replies, caches): a part of text counts one token per four
//! characters, rounded up; a function call or response counts its JSON
//! (`name` and `args` / `response`) the same way; any other part (inline
//! data, a file) counts 258 tokens, as one image does in the API.

use gemini_v1beta::types::{part, Content, Part};

/// Tokens counted for a part that is not text (as for one image).
pub(crate) const TOKENS_PER_MEDIA_PART: i32 = 258;

/// Tokens of `text`: one per four characters, rounded up.
pub(crate) fn of_text(text: &str) -> i32 {
    i32::try_from(text.chars().count().div_ceil(4)).unwrap_or(i32::MAX)
}

/// Tokens of one part.
pub(crate) fn of_part(part: &Part) -> i32 {
    match &part.data {
        Some(part::Data::Text(text)) => of_text(text),
        Some(part::Data::FunctionCall(call)) => {
            let args = serde_json::to_string(&call.args).unwrap_or_default();
            of_text(&call.name).saturating_add(of_text(&args))
        }
        Some(part::Data::FunctionResponse(response)) => {
            let answer = serde_json::to_string(&response.response).unwrap_or_default();
            of_text(&response.name).saturating_add(of_text(&answer))
        }
        Some(part::Data::ExecutableCode(code)) => of_text(&code.code),
        Some(part::Data::CodeExecutionResult(result)) => of_text(&result.output),
        Some(part::Data::InlineData(_) | part::Data::FileData(_)) => TOKENS_PER_MEDIA_PART,
        // A kind of part this fake does not know yet: counted like media.
        Some(_) => TOKENS_PER_MEDIA_PART,
        None => 0,
    }
}

/// Tokens of every part of `contents`.
pub(crate) fn of_contents<'c>(contents: impl IntoIterator<Item = &'c Content>) -> i32 {
    contents
        .into_iter()
        .flat_map(|content| &content.parts)
        .map(of_part)
        .fold(0, i32::saturating_add)
}

#[cfg(test)]
mod tests {
    use gemini_v1beta::types::Blob;

    use super::*;

    fn text(text: &str) -> Part {
        Part::new().set_text(text)
    }

    #[test]
    fn four_characters_a_token_and_258_a_picture() {
        assert_eq!(of_text(""), 0);
        assert_eq!(of_text("abcd"), 1);
        assert_eq!(of_text("abcde"), 2);
        assert_eq!(of_text("héllo wörld"), 3, "characters, not bytes");
        let picture = Part::new().set_inline_data(Blob::new());
        let content = Content::new().set_parts([text("abcdefgh"), picture]);
        assert_eq!(of_contents([&content, &content]), 2 * (2 + 258));
    }
}
