//! A travel assistant on the `gemini` conveniences, step by step; the same
//! app on the official Python SDK is `fake/interop/travel_python.py`.
//!
//! usage: GEMINI_API_KEY=… cargo run -p gemini --example travel -- BASE_URL

use futures_util::TryStreamExt;
use gemini::{Client, ClientExt, Error, Functions, ResponseExt};

#[derive(serde::Deserialize, schemars::JsonSchema)]
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
        println!("chat: {}", chat.send(message).await?.text());
    }
    println!("history: {} turns", chat.history().len());

    // 2. The model calls get_weather; the chat runs it and answers.
    let tools = Functions::new().add("get_weather", "Today's weather in a city.", get_weather);
    let mut planner = client.chat("gemini-2.5-pro").with_functions(tools);
    let answer = planner.send("Weather in Lisbon?").await?;
    println!("weather: {}", answer.text());

    // 3. A streamed answer.
    let mut stream = chat.send_stream("Describe Lisbon in a few words.").await?;
    while let Some(chunk) = stream.next().await {
        print!("{}", chunk?.text());
    }
    println!();

    // 4. Upload a few-MB file, wait until it is ACTIVE, ask about it.
    let bytes = vec![b'a'; 3 << 20];
    let file = client.upload_file(bytes, "text/plain", "itinerary").await?;
    let answer = client
        .generate("gemini-2.0-flash", (&file, "What is in this file?"))
        .await?;
    println!("file: {}", answer.text());

    // 5. A 429 with RetryInfo is retried; a safety block is reported.
    let answer = client.generate("gemini-2.5-flash", "Any deals?").await?;
    println!("after 429: {}", answer.text());
    let blocked = client
        .generate("gemini-2.5-flash", "Something unsafe")
        .await?;
    println!("blocked: {}", blocked.block_reason().unwrap_or_default());

    // 6. Count tokens, embed, list models page by page.
    let tokens = client
        .count_tokens("gemini-2.0-flash", "How long is this?")
        .await?;
    println!("tokens: {tokens}");
    let embedding = client.embed("gemini-embedding-001", "Lisbon").await?;
    println!("embedding: {} values", embedding.len());
    let mut pages = client.model_pages(5);
    while let Some(page) = pages.try_next().await? {
        let names: Vec<_> = page.models.into_iter().map(|model| model.name).collect();
        println!("models: {}", names.join(", "));
    }

    // 7. Clear errors for a bad key and an unknown model.
    let wrong_key = Client::builder().api_key("not-a-key").base_url(&base_url);
    if let Err(error) = wrong_key.build()?.generate("gemini-2.0-flash", "Hi").await {
        println!("bad key: {error}");
    }
    if let Err(error) = client.generate("no-such-model", "Hi").await {
        println!("unknown model: {error}");
    }
    Ok(())
}
