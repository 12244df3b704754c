//! The conveniences against the in-process fake: text, prompts, uploads,
//! token counts, embeddings, model pages, chats and their history,
//! streaming, and the function-calling loop.

use futures_util::TryStreamExt;
use gemini::types::generate_content_response::prompt_feedback::BlockReason;
use gemini::types::{file, Content, Part};
use gemini::{api, Chat, Client, ClientExt, ContentExt, Functions, PartExt, ResponseExt};
use gemini_fake::{Fake, Scripted, DEFAULT_API_KEY};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

const MODEL: &str = "gemini-2.5-flash";

async fn start() -> (Client, Fake) {
    serve(Fake::new()).await
}

async fn serve(fake: Fake) -> (Client, Fake) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(fake.clone().serve(listener));
    let client = Client::builder()
        .api_key(DEFAULT_API_KEY)
        .base_url(&base_url)
        .retry(api::RetryPolicy::NONE)
        .build()
        .unwrap();
    (client, fake)
}

fn texts(history: &[Content]) -> Vec<(String, String)> {
    history
        .iter()
        .map(|turn| {
            let text: String = turn.parts.iter().filter_map(Part::text).collect();
            (turn.role.clone(), text)
        })
        .collect()
}

#[tokio::test]
async fn generate_takes_a_bare_model_name_and_gives_the_text() {
    let (client, _) = start().await;
    let response = client.generate(MODEL, "Hello, fake").await.unwrap();
    assert_eq!(response.text(), "Hello, fake");
    assert!(response.function_calls().is_empty());
    assert_eq!(response.block_reason(), None);
    let conversation = [
        Content::user("Hi"),
        Content::model("Hello"),
        Content::user("Echo me"),
    ];
    let response = client.generate(MODEL, conversation).await.unwrap();
    assert_eq!(response.text(), "Echo me");
}

#[tokio::test]
async fn a_chat_keeps_answered_turns_and_drops_blocked_ones() {
    let (client, fake) = start().await;
    let mut chat = client.chat(MODEL);
    assert_eq!(chat.send("first").await.unwrap().text(), "first");
    fake.script(
        &format!("models/{MODEL}"),
        [Scripted::blocked(BlockReason::Safety)],
    );
    let blocked = chat.send("something unsafe").await.unwrap();
    assert_eq!(blocked.text(), "");
    assert_eq!(blocked.block_reason().as_deref(), Some("SAFETY"));
    chat.send("second").await.unwrap();
    assert_eq!(
        texts(chat.history()),
        [
            ("user", "first"),
            ("model", "first"),
            ("user", "second"),
            ("model", "second")
        ]
        .map(|(role, text)| (role.to_owned(), text.to_owned()))
    );
}

#[tokio::test]
async fn a_failed_call_leaves_the_history_as_it_was() {
    let (client, _) = start().await;
    let mut chat = Chat::new(client, "models/no-such-model");
    let error = chat.send("hello").await.unwrap_err();
    assert_eq!(error.api_error().unwrap().http_status, 404);
    assert!(chat.history().is_empty());
}

#[tokio::test]
async fn a_streamed_answer_enters_the_history_once_it_has_ended() {
    let (client, _) = start().await;
    let mut chat = client.chat(MODEL);
    let mut stream = chat.send_stream("stream me, please").await.unwrap();
    let mut chunks = Vec::new();
    while let Some(chunk) = stream.next().await {
        chunks.push(chunk.unwrap().text());
    }
    assert_eq!(chunks.concat(), "stream me, please");
    assert!(chunks.len() > 1, "{chunks:?}");
    assert_eq!(
        texts(chat.history()),
        [
            ("user", "stream me, please"),
            ("model", "stream me, please")
        ]
        .map(|(role, text)| (role.to_owned(), text.to_owned()))
    );
}

/// Arguments of `get_weather`.
#[derive(Deserialize, JsonSchema)]
struct City {
    /// The city's name.
    city: String,
}

fn weather() -> Functions {
    Functions::new().add(
        "get_weather",
        "The weather in a city today.",
        |City { city }| format!("sunny in {city}"),
    )
}

#[tokio::test]
async fn the_function_loop_runs_the_call_and_sends_back_its_result() {
    let (client, fake) = start().await;
    let model = format!("models/{MODEL}");
    fake.script(
        &model,
        [
            Scripted::function_call("get_weather", json!({"city": "Lisbon"})),
            Scripted::text("Take sunglasses."),
        ],
    );
    let mut chat = client.chat(MODEL).with_functions(weather());
    let answer = chat.send("Weather in Lisbon?").await.unwrap();
    assert_eq!(answer.text(), "Take sunglasses.");
    let history = chat.history();
    assert_eq!(history.len(), 4);
    let call = history[1].parts[0].function_call().unwrap();
    assert_eq!(call.name, "get_weather");
    let response = history[2].parts[0].function_response().unwrap();
    assert_eq!(response.name, "get_weather");
    assert_eq!(
        serde_json::Value::Object(response.response.clone().unwrap()),
        json!({"result": "sunny in Lisbon"})
    );
}

#[tokio::test]
async fn arguments_that_do_not_fit_are_answered_with_an_error() {
    let (client, fake) = start().await;
    fake.script(
        &format!("models/{MODEL}"),
        [
            Scripted::function_call("get_weather", json!({"town": "Lisbon"})),
            Scripted::text("Which city?"),
        ],
    );
    let mut chat = client.chat(MODEL).with_functions(weather());
    chat.send("Weather?").await.unwrap();
    let response = chat.history()[2].parts[0].function_response().unwrap();
    let error = response.response.as_ref().unwrap()["error"]
        .as_str()
        .unwrap();
    assert!(
        error.starts_with("bad arguments: missing field `city`"),
        "{error}"
    );
}

#[tokio::test]
async fn the_turn_limit_stops_a_model_that_keeps_calling() {
    let (client, fake) = start().await;
    let call = Scripted::function_call("get_weather", json!({"city": "Lisbon"}));
    fake.script(&format!("models/{MODEL}"), [call.clone(), call]);
    let mut chat = client.chat(MODEL).with_functions(weather().turn_limit(2));
    let last = chat.send("Weather?").await.unwrap();
    assert_eq!(
        last.function_calls().len(),
        1,
        "returned with its call unanswered"
    );
    assert!(chat.history().is_empty(), "an unfinished loop is not kept");
}

#[test]
fn the_declaration_carries_the_schema_derived_from_the_argument_type() {
    let tool = weather().tool();
    let declaration = &tool.function_declarations[0];
    assert_eq!(declaration.name, "get_weather");
    assert_eq!(declaration.description, "The weather in a city today.");
    assert_eq!(
        declaration.parameters_json_schema.clone().unwrap(),
        json!({
            "title": "City",
            "description": "Arguments of `get_weather`.",
            "type": "object",
            "properties": {"city": {"type": "string", "description": "The city's name."}},
            "required": ["city"]
        })
    );
}

#[tokio::test]
async fn an_uploaded_file_is_active_and_goes_into_a_prompt_with_a_question() {
    let (client, fake) = serve(Fake::new().processing_time(Duration::from_millis(200))).await;
    let file = client
        .upload_file(b"day one: Belem".to_vec(), "text/plain", "itinerary")
        .await
        .unwrap();
    assert_eq!(file.state, file::State::Active);
    assert_eq!(file.display_name, "itinerary");
    assert_eq!(fake.file_bytes(&file.name).unwrap(), b"day one: Belem");
    let part = Part::from_file(&file);
    let data = part.file_data().unwrap();
    assert_eq!(
        (&*data.file_uri, &*data.mime_type),
        (&*file.uri, "text/plain")
    );
    let answer = client
        .generate(MODEL, (&file, "What is in it?"))
        .await
        .unwrap();
    assert_eq!(answer.text(), "What is in it?");
}

#[tokio::test]
async fn tokens_embeddings_and_model_pages_come_back_as_plain_values() {
    let (client, _) = start().await;
    let tokens = client
        .count_tokens(MODEL, "How long is this?")
        .await
        .unwrap();
    assert!(tokens > 0, "{tokens}");
    let values = client
        .embed("gemini-embedding-001", "Lisbon")
        .await
        .unwrap();
    assert!(!values.is_empty());
    let pages: Vec<_> = client.model_pages(2).try_collect().await.unwrap();
    assert!(pages.len() > 1);
    assert!(pages.iter().all(|page| page.models.len() <= 2));
    let names: Vec<_> = pages
        .into_iter()
        .flat_map(|page| page.models)
        .map(|model| model.name)
        .collect();
    assert!(names.contains(&format!("models/{MODEL}")), "{names:?}");
}
