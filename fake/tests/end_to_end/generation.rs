//! The stand-in models: generation, streaming, token counts, embeddings,
//! cached content, tuned models, and scripted answers.

use std::time::Duration;

use futures_util::StreamExt;
use gemini_fake::Scripted;
use gemini_v1beta::runtime::Code;
use gemini_v1beta::types::*;

use crate::tuned_models::tuning_request;
use crate::{expect_error, start};

fn user(text: &str) -> Content {
    Content::new()
        .set_role("user")
        .set_parts([Part::new().set_text(text)])
}

fn prompt(model: &str, text: &str) -> GenerateContentRequest {
    GenerateContentRequest::new()
        .set_model(model)
        .set_contents([user(text)])
}

/// The text of the first candidate.
fn text(response: &GenerateContentResponse) -> String {
    response.candidates[0]
        .content
        .iter()
        .flat_map(|content| &content.parts)
        .filter_map(|part| part.text())
        .collect()
}

#[tokio::test]
async fn generate_echoes_the_last_user_text_with_token_counts() {
    let (client, _, _) = start().await;
    let mut request = prompt("models/gemini-2.0-flash", "Hello there, model");
    request.contents.insert(0, user("an earlier turn"));
    let response = client.models().generate_content(request).await.unwrap();
    assert_eq!(text(&response), "Hello there, model");
    assert_eq!(
        response.candidates[0].finish_reason,
        candidate::FinishReason::Stop
    );
    assert_eq!(response.model_version, "gemini-2.0-flash");
    let usage = response.usage_metadata.unwrap();
    // 15 and 18 characters: 4 + 5 prompt tokens; the echo is 5.
    assert_eq!(
        (
            usage.prompt_token_count,
            usage.candidates_token_count,
            usage.total_token_count
        ),
        (9, 5, 14)
    );

    let counted = client
        .models()
        .count_tokens(
            CountTokensRequest::new()
                .set_model("models/gemini-2.0-flash")
                .set_contents([user("an earlier turn"), user("Hello there, model")]),
        )
        .await
        .unwrap();
    assert_eq!(counted.total_tokens, 9);

    let mut short = prompt("models/gemini-2.0-flash", "twelve chars");
    short.generation_config = Some(GenerationConfig::new().set_max_output_tokens(1));
    let cut = client.models().generate_content(short).await.unwrap();
    assert_eq!(text(&cut), "twel");
    assert_eq!(
        cut.candidates[0].finish_reason,
        candidate::FinishReason::MaxTokens
    );

    for (model, status) in [
        ("models/no-such-model", "NOT_FOUND"),
        ("models/gemini-embedding-001", "NOT_FOUND"),
    ] {
        expect_error(
            client.models().generate_content(prompt(model, "hi")).await,
            status,
        );
    }
    expect_error(
        client
            .models()
            .generate_content(GenerateContentRequest::new().set_model("models/gemini-2.0-flash"))
            .await,
        "INVALID_ARGUMENT",
    );
}

#[tokio::test]
async fn a_stream_arrives_in_whole_words_with_usage_on_every_event() {
    let (client, _, _) = start().await;
    let stream = client
        .models()
        .stream_generate_content(prompt("models/gemini-2.5-flash", "stream me, please"))
        .await
        .unwrap();
    let events: Vec<GenerateContentResponse> = stream.map(Result::unwrap).collect().await;
    let texts: Vec<String> = events.iter().map(text).collect();
    assert_eq!(texts, ["stream ", "me, ", "please"]);
    let usage: Vec<(i32, i32, i32)> = events
        .iter()
        .map(|event| {
            let usage = event.usage_metadata.as_ref().expect("usage on every event");
            (
                usage.prompt_token_count,
                usage.candidates_token_count,
                usage.total_token_count,
            )
        })
        .collect();
    // "stream " is 2 tokens, "stream me, " 3, the whole reply 5; the prompt 5.
    assert_eq!(usage, [(5, 2, 7), (5, 3, 8), (5, 5, 10)]);
    let id = &events[0].response_id;
    assert!(!id.is_empty());
    assert!(events
        .iter()
        .all(|e| &e.response_id == id && e.model_version == "gemini-2.5-flash"));
    assert_eq!(
        events[2].candidates[0].finish_reason,
        candidate::FinishReason::Stop
    );
}

#[tokio::test]
async fn embeddings_are_stable_unit_vectors_of_the_asked_size() {
    let (client, _, _) = start().await;
    let embed = |text: &str, dimensions: Option<i32>| {
        let mut request = EmbedContentRequest::new()
            .set_model("models/gemini-embedding-001")
            .set_content(user(text));
        request.output_dimensionality = dimensions;
        request
    };
    let one = client
        .models()
        .embed_content(embed("cat", Some(8)))
        .await
        .unwrap();
    let values = one.embedding.unwrap().values;
    assert_eq!(values.len(), 8);
    let norm: f32 = values.iter().map(|v| v * v).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4);

    let full = client
        .models()
        .embed_content(embed("cat", None))
        .await
        .unwrap();
    assert_eq!(full.embedding.unwrap().values.len(), 3072);

    let batch = client
        .models()
        .batch_embed_contents(
            BatchEmbedContentsRequest::new()
                .set_model("models/gemini-embedding-001")
                .set_requests([embed("cat", Some(8)), embed("dog", Some(8))]),
        )
        .await
        .unwrap();
    assert_eq!(batch.embeddings[0].values, values, "same text, same vector");
    assert_ne!(batch.embeddings[1].values, values);

    expect_error(
        client.models().embed_content(embed("cat", Some(0))).await,
        "INVALID_ARGUMENT",
    );
    expect_error(
        client
            .models()
            .embed_content(embed("cat", Some(4000)))
            .await,
        "INVALID_ARGUMENT",
    );
    let mut chat_model = embed("cat", None);
    chat_model.model = "models/gemini-2.0-flash".into();
    expect_error(client.models().embed_content(chat_model).await, "NOT_FOUND");
}

#[tokio::test]
async fn cached_content_counts_in_the_usage() {
    let (client, _, _) = start().await;
    let cache = client
        .cached_contents()
        .create(
            CreateCachedContentRequest::new().set_cached_content(
                CachedContent::new()
                    .set_model("models/gemini-2.0-flash")
                    .set_contents([user("a long document, cached")])
                    .set_system_instruction(user("Be brief")),
            ),
        )
        .await
        .unwrap();
    let cached_tokens = cache.usage_metadata.unwrap().total_token_count;
    assert_eq!(cached_tokens, 6 + 2);

    let mut request = prompt("models/gemini-2.0-flash", "Summarize");
    request.cached_content = cache.name.clone();
    let response = client
        .models()
        .generate_content(request.clone())
        .await
        .unwrap();
    assert_eq!(text(&response), "Summarize");
    let usage = response.usage_metadata.unwrap();
    assert_eq!(usage.cached_content_token_count, cached_tokens);
    assert_eq!(usage.prompt_token_count, cached_tokens + 3);

    let counted = client
        .models()
        .count_tokens(
            CountTokensRequest::new()
                .set_model("models/gemini-2.0-flash")
                .set_generate_content_request(request.clone()),
        )
        .await
        .unwrap();
    assert_eq!(
        (counted.total_tokens, counted.cached_content_token_count),
        (cached_tokens + 3, cached_tokens)
    );

    let mut other_model = request.clone();
    other_model.model = "models/gemini-2.5-flash".into();
    expect_error(
        client.models().generate_content(other_model).await,
        "INVALID_ARGUMENT",
    );
    request.cached_content = Some("cachedContents/missing".into());
    expect_error(client.models().generate_content(request).await, "NOT_FOUND");
}

#[tokio::test]
async fn a_tuned_model_answers_once_its_tuning_finished() {
    let (client, fake, _) = start().await;
    let operation = client
        .tuned_models()
        .create(tuning_request(None))
        .await
        .unwrap();
    let name = operation.metadata().unwrap().unwrap().tuned_model;
    let ask = || prompt(&name, "Who are you?");
    expect_error(
        client.tuned_models().generate_content(ask()).await,
        "FAILED_PRECONDITION",
    );
    let get = || GetTunedModelRequest::new().set_name(name.clone());
    assert_eq!(
        client.tuned_models().get(get()).await.unwrap().state,
        tuned_model::State::Creating,
        "before its time"
    );
    fake.clock().advance(Duration::from_secs(1));
    assert_eq!(
        client.tuned_models().get(get()).await.unwrap().state,
        tuned_model::State::Active,
        "after the default second"
    );
    let response = client.tuned_models().generate_content(ask()).await.unwrap();
    assert_eq!(text(&response), "Who are you?");
    assert_eq!(response.model_version, name);
    let events: Vec<_> = client
        .tuned_models()
        .stream_generate_content(ask())
        .await
        .unwrap()
        .collect()
        .await;
    assert!(events.len() > 1 && events.iter().all(Result::is_ok));
}

#[tokio::test]
async fn scripted_answers_come_first_in_order() {
    let (client, fake, _) = start().await;
    let model = "models/gemini-2.5-pro";
    fake.script(
        "gemini-2.5-pro",
        [
            Scripted::text("scripted"),
            Scripted::function_call("get_weather", serde_json::json!({"city": "Paris"})),
            Scripted::blocked(generate_content_response::prompt_feedback::BlockReason::Safety),
            Scripted::rate_limited(gemini_v1beta::Duration {
                seconds: 7,
                nanos: 0,
            }),
            Scripted::text("counted by hand")
                .usage(generate_content_response::UsageMetadata::new().set_total_token_count(33)),
        ],
    );
    let ask = || prompt(model, "What is the weather in Paris?");

    let scripted = client.models().generate_content(ask()).await.unwrap();
    assert_eq!(text(&scripted), "scripted");
    assert_eq!(
        scripted.usage_metadata.unwrap().prompt_token_count,
        8,
        "usage is counted when the script leaves it out"
    );

    let call = client.models().generate_content(ask()).await.unwrap();
    match &call.candidates[0].content.as_ref().unwrap().parts[0].data {
        Some(part::Data::FunctionCall(call)) => {
            assert_eq!(call.name, "get_weather");
            assert_eq!(call.args.as_ref().unwrap()["city"], "Paris");
        }
        other => panic!("expected a function call, got {other:?}"),
    }

    let blocked = client.models().generate_content(ask()).await.unwrap();
    assert!(blocked.candidates.is_empty());
    let feedback = blocked.prompt_feedback.unwrap();
    assert_eq!(
        feedback.block_reason,
        generate_content_response::prompt_feedback::BlockReason::Safety
    );
    assert!(feedback.safety_ratings[0].blocked);

    let limited = client.models().generate_content(ask()).await.unwrap_err();
    let api = limited.api_error().unwrap();
    assert_eq!(
        (api.http_status, &api.status.code),
        (429, &Code::ResourceExhausted)
    );
    assert_eq!(api.retry_delay(), Some(Duration::from_secs(7)));

    let by_hand = client.models().generate_content(ask()).await.unwrap();
    assert_eq!(by_hand.usage_metadata.unwrap().total_token_count, 33);

    // The queue is empty: the stand-in model answers again.
    let echo = client.models().generate_content(ask()).await.unwrap();
    assert_eq!(text(&echo), "What is the weather in Paris?");
}

#[tokio::test]
async fn a_scripted_stream_is_cut_midway() {
    let (client, fake, _) = start().await;
    fake.script(
        "models/gemini-2.0-flash",
        [Scripted::text("one two three four").cut_after(2)],
    );
    let mut stream = client
        .models()
        .stream_generate_content(prompt("models/gemini-2.0-flash", "hi"))
        .await
        .unwrap();
    let mut texts = Vec::new();
    let mut failed = false;
    while let Some(item) = stream.next().await {
        match item {
            Ok(event) => texts.push(text(&event)),
            Err(_) => failed = true,
        }
    }
    assert_eq!(texts, ["one ", "two "]);
    assert!(failed, "the cut ends the stream with an error");
}

#[tokio::test]
async fn a_json_script_queues_answers_or_nothing() {
    let (client, fake, _) = start().await;
    let error = fake
        .load_script(r#"{"models/gemini-2.0-flash": [{"text": "a"}, {"text": "b", "error": {"code": 500}}]}"#)
        .unwrap_err();
    assert!(
        error.to_string().contains("models/gemini-2.0-flash[1]"),
        "{error}"
    );
    fake.load_script(
        r#"{"models/gemini-2.0-flash": [
            {"error": {"code": 503, "message": "overloaded"}},
            {"text": "b"}
        ]}"#,
    )
    .unwrap();
    let ask = || prompt("models/gemini-2.0-flash", "hi");
    expect_error(client.models().generate_content(ask()).await, "UNAVAILABLE");
    let answer = client.models().generate_content(ask()).await.unwrap();
    assert_eq!(text(&answer), "b");
}
