//! A travel assistant on the `gemini` conveniences, step by step; the same
//! app on the official Python SDK is `fake/interop/travel_python.py`.
//!
//! usage: GEMINI_API_KEY=… cargo run -p gemini --example travel -- BASE_URL

use futures_util::TryStreamExt;
use gemini::types::*;
use gemini::{model_name, Client, ClientExt, ContentExt, Error, Functions, ResponseExt};
use gemini_v1beta::{Media, PollPolicy};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct City {
    city: String,
}

fn get_weather(City { city }: City) -> String {
    format!("Sunny and 24 °C in {city}")
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let base_url = std::env::args().nth(1).expect("usage: travel BASE_URL");
    let client = Client::builder().base_url(&base_url).build()?;

    // 1. A three-turn chat that keeps its history.
    let mut chat = client.chat("gemini-2.0-flash");
    for message in [
        "I am going to Lisbon.",
        "For three days.",
        "What should I see?",
    ] {
        println!(
            "chat: {}",
            chat.send(message).await?.text().unwrap_or_default()
        );
    }
    println!("history: {} turns", chat.history().len());

    // 2. The model calls get_weather; the chat runs it and answers.
    let params = json!({"type": "object", "properties": {"city": {"type": "string"}}});
    let tools = Functions::new().add(
        "get_weather",
        "Today's weather in a city.",
        params,
        get_weather,
    );
    let mut planner = client.chat("gemini-2.5-pro").with_functions(tools);
    println!(
        "weather: {}",
        planner
            .send("Weather in Lisbon?")
            .await?
            .text()
            .unwrap_or_default()
    );

    // 3. A streamed answer.
    let mut stream = chat.send_stream("Describe Lisbon in a few words.").await?;
    while let Some(chunk) = stream.next().await {
        print!("{}", chunk?.text().unwrap_or_default());
    }
    println!();

    // 4. Upload a few-MB file, wait until it is ACTIVE, ask about it.
    let media = Media::from_bytes(vec![b'a'; 3 << 20], "text/plain");
    let request = CreateFileRequest::new().set_file(File::new().set_display_name("itinerary"));
    let uploaded = client
        .media()
        .upload_media(request, media)
        .await?
        .file
        .unwrap_or_default();
    let file = client
        .files()
        .wait_until_active(
            GetFileRequest::new().set_name(uploaded.name),
            PollPolicy::default(),
        )
        .await?;
    let data = FileData::new()
        .set_file_uri(file.uri)
        .set_mime_type(file.mime_type);
    let question = Content::new().set_role("user").set_parts([
        Part::new().set_file_data(data),
        Part::new().set_text("What is in this file?"),
    ]);
    println!(
        "file: {}",
        client
            .generate("gemini-2.0-flash", [question])
            .await?
            .text()
            .unwrap_or_default()
    );

    // 5. A 429 with RetryInfo is retried; a safety block is reported.
    let answer = client
        .generate("gemini-2.5-flash", [Content::user("Any deals?")])
        .await?;
    println!("after 429: {}", answer.text().unwrap_or_default());
    let blocked = client
        .generate("gemini-2.5-flash", [Content::user("Something unsafe")])
        .await?;
    println!("blocked: {}", blocked.block_reason().unwrap_or_default());

    // 6. Count tokens, embed, list models page by page.
    let count = CountTokensRequest::new()
        .set_model(model_name("gemini-2.0-flash"))
        .set_contents([Content::user("How long is this?")]);
    println!(
        "tokens: {}",
        client.models().count_tokens(count).await?.total_tokens
    );
    let embed = EmbedContentRequest::new()
        .set_model(model_name("gemini-embedding-001"))
        .set_content(Content::user("Lisbon"));
    println!(
        "embedding: {} values",
        client
            .models()
            .embed_content(embed)
            .await?
            .embedding
            .unwrap_or_default()
            .values
            .len()
    );
    let mut pages = client
        .models()
        .list_pages(ListModelsRequest::new().set_page_size(5));
    while let Some(page) = pages.try_next().await? {
        println!(
            "models: {}",
            page.models
                .iter()
                .map(|model| model.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    // 7. Clear errors for a bad key and an unknown model.
    let wrong_key = Client::builder()
        .api_key("not-a-key")
        .base_url(&base_url)
        .build()?;
    if let Err(error) = wrong_key
        .generate("gemini-2.0-flash", [Content::user("Hi")])
        .await
    {
        println!("bad key: {error}");
    }
    if let Err(error) = client
        .generate("no-such-model", [Content::user("Hi")])
        .await
    {
        println!("unknown model: {error}");
    }
    Ok(())
}
