//! The deterministic stand-in model: what it replies to a prompt, how a
//! reply is split into stream events, and the token counts it reports.
//!
//! The reply is the text of the prompt's last turn, echoed (its function
//! responses as `NAME returned JSON`, one a line; a turn with neither says
//! how many parts it had). `maxOutputTokens` cuts the reply to that many
//! tokens (four characters each) with finishReason MAX_TOKENS.

use gemini_v1beta::types::{
    candidate, generate_content_response::UsageMetadata, part, Candidate, Content,
    GenerateContentRequest, GenerateContentResponse, Part,
};

use crate::tokens;

/// A prompt as the model reads it: the cache's part (if any) and the request's own part.
pub(crate) struct Prompt {
    /// The cached content's system instruction and contents.
    pub(crate) cached: Vec<Content>,
    /// The request's system instruction and contents.
    pub(crate) own: Vec<Content>,
}

impl Prompt {
    /// The prompt of `request`, with `cached` (the cache's system instruction and contents) first.
    pub(crate) fn new(request: &GenerateContentRequest, cached: Vec<Content>) -> Self {
        let own = request
            .system_instruction
            .iter()
            .chain(&request.contents)
            .cloned()
            .collect();
        Self { cached, own }
    }

    /// Token counts for this prompt and the reply `response`: `promptTokenCount`
    /// includes the cached tokens, which `cachedContentTokenCount` repeats.
    pub(crate) fn usage(&self, response: &GenerateContentResponse) -> UsageMetadata {
        let cached = tokens::of_contents(&self.cached);
        let prompt = cached.saturating_add(tokens::of_contents(&self.own));
        let candidates = tokens::of_contents(
            response
                .candidates
                .iter()
                .filter_map(|candidate| candidate.content.as_ref()),
        );
        UsageMetadata::new()
            .set_prompt_token_count(prompt)
            .set_cached_content_token_count(cached)
            .set_candidates_token_count(candidates)
            .set_total_token_count(prompt.saturating_add(candidates))
    }

    /// The last turn of the prompt.
    fn last_turn(&self) -> Option<&Content> {
        self.own.last().or(self.cached.last())
    }
}

/// What the stand-in model says to `prompt`.
fn reply_text(prompt: &Prompt) -> String {
    let Some(turn) = prompt.last_turn() else {
        return String::new();
    };
    let text: String = turn.parts.iter().filter_map(|part| part.text()).collect();
    if !text.is_empty() {
        return text;
    }
    let results: Vec<String> = turn
        .parts
        .iter()
        .filter_map(|part| part.function_response())
        .map(|response| {
            format!(
                "{} returned {}",
                response.name,
                serde_json::to_string(&response.response).unwrap_or_default()
            )
        })
        .collect();
    if !results.is_empty() {
        return results.join("\n");
    }
    format!("(a turn of {} parts without text)", turn.parts.len())
}

/// The stand-in reply of `model_version` to `request`, usage included.
pub(crate) fn reply(
    request: &GenerateContentRequest,
    prompt: &Prompt,
    model_version: &str,
) -> GenerateContentResponse {
    let mut text = reply_text(prompt);
    let mut finish_reason = candidate::FinishReason::Stop;
    let limit = request
        .generation_config
        .as_ref()
        .and_then(|config| config.max_output_tokens)
        .and_then(|limit| usize::try_from(limit).ok())
        .filter(|limit| *limit > 0);
    if let Some(limit) = limit {
        if text.chars().count() > limit.saturating_mul(4) {
            text = text.chars().take(limit * 4).collect();
            finish_reason = candidate::FinishReason::MaxTokens;
        }
    }
    let mut response = GenerateContentResponse::new()
        .set_candidates([Candidate::new()
            .set_index(0)
            .set_content(
                Content::new()
                    .set_parts([Part::new().set_text(text)])
                    .set_role("model"),
            )
            .set_finish_reason(finish_reason)])
        .set_model_version(model_version);
    response.usage_metadata = Some(prompt.usage(&response));
    response
}

/// The events a stream sends for `response`: a reply of one text part in
/// three events (fewer for under three words), each with about a third of
/// its words (a word is never cut; spaces stay after the word they
/// follow); anything else in one event. Every event carries the response's `responseId`,
/// `modelVersion` and `usageMetadata`, whose `candidatesTokenCount` (and
/// `totalTokenCount`) count the reply sent so far; only the last carries
/// `finishReason`, and its usage is the whole response's.
pub(crate) fn stream_events(response: GenerateContentResponse) -> Vec<GenerateContentResponse> {
    let text = match response.candidates.as_slice() {
        [Candidate {
            content: Some(content),
            ..
        }] => match content.parts.as_slice() {
            [Part {
                data: Some(part::Data::Text(text)),
                ..
            }] => text.clone(),
            _ => return vec![response],
        },
        _ => return vec![response],
    };
    let words = words(&text);
    let count = words.len().min(3);
    let pieces: Vec<String> = (0..count)
        .map(|event| words[event * words.len() / count..(event + 1) * words.len() / count].concat())
        .collect();
    let mut sent = String::new();
    pieces
        .into_iter()
        .enumerate()
        .map(|(index, piece)| {
            let mut event = response.clone();
            sent.push_str(&piece);
            if index + 1 < count {
                event.usage_metadata = response.usage_metadata.as_ref().map(|usage| {
                    let so_far = tokens::of_text(&sent).min(usage.candidates_token_count);
                    let mut partial = usage.clone();
                    partial.candidates_token_count = so_far;
                    partial.total_token_count = usage.prompt_token_count.saturating_add(so_far);
                    partial
                });
                if let Some(candidate) = event.candidates.first_mut() {
                    candidate.finish_reason = candidate::FinishReason::Unspecified;
                }
            }
            if let Some(content) = event
                .candidates
                .first_mut()
                .and_then(|candidate| candidate.content.as_mut())
            {
                content.parts[0].data = Some(part::Data::Text(piece));
            }
            event
        })
        .collect()
}

/// `text` cut into words, each with the whitespace that follows it (and the
/// first with any that leads); they join back into `text`.
fn words(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_space = true;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            if at > start && !text[start..at].trim().is_empty() {
                words.push(&text[start..at]);
                start = at;
            }
            in_space = false;
        }
    }
    if start < text.len() || words.is_empty() {
        words.push(&text[start..]);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> Content {
        Content::new()
            .set_role("user")
            .set_parts([Part::new().set_text(text)])
    }

    fn text_of(response: &GenerateContentResponse) -> String {
        let part = &response.candidates[0].content.as_ref().unwrap().parts[0];
        match part.text() {
            Some(text) => text.to_owned(),
            None => panic!("{:?}", part.data),
        }
    }

    #[test]
    fn echoes_the_last_turn_and_counts_tokens() {
        let request =
            GenerateContentRequest::new().set_contents([user("first"), user("Say something nice")]);
        let prompt = Prompt::new(&request, vec![user("cached text")]);
        let response = reply(&request, &prompt, "gemini-2.0-flash");
        assert_eq!(text_of(&response), "Say something nice");
        let usage = response.usage_metadata.unwrap();
        assert_eq!(usage.cached_content_token_count, 3);
        assert_eq!(usage.prompt_token_count, 3 + 2 + 5);
        assert_eq!(usage.candidates_token_count, 5);
        assert_eq!(usage.total_token_count, 15);
    }

    #[test]
    fn streams_whole_words_with_usage_on_every_event() {
        let request =
            GenerateContentRequest::new().set_contents([user("one two three four five six")]);
        let response = reply(&request, &Prompt::new(&request, Vec::new()), "m");
        let events = stream_events(response);
        let texts: Vec<String> = events.iter().map(text_of).collect();
        assert_eq!(texts, ["one two ", "three four ", "five six"]);
        let usage: Vec<(i32, i32, i32)> = events
            .iter()
            .map(|event| {
                let usage = event.usage_metadata.as_ref().unwrap();
                (
                    usage.prompt_token_count,
                    usage.candidates_token_count,
                    usage.total_token_count,
                )
            })
            .collect();
        assert_eq!(usage, [(7, 2, 9), (7, 5, 12), (7, 7, 14)]);
        assert_eq!(
            events[2].candidates[0].finish_reason,
            candidate::FinishReason::Stop
        );
        assert!(events[..2]
            .iter()
            .all(|e| e.candidates[0].finish_reason == candidate::FinishReason::Unspecified));
        assert!(events.iter().all(|e| e.model_version == "m"));
    }

    #[test]
    fn words_keep_their_spaces_and_join_back() {
        for text in [
            "",
            " ",
            "word",
            "  lead and  double  ",
            "a\nb\tc",
            "été à Paris",
        ] {
            let words = words(text);
            assert_eq!(words.concat(), text);
            assert!(!words.is_empty());
            assert!(words
                .iter()
                .skip(1)
                .all(|w| !w.starts_with(char::is_whitespace)));
        }
        assert_eq!(words("  lead and"), ["  lead ", "and"]);
    }
}
