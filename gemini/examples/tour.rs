//! The README's `gemini` crate snippets in one program, so CI compiles them
//! (`cargo test` builds examples). Run it with a real key:
//! `GEMINI_API_KEY=… cargo run -p gemini --example tour -- path/to/file.pdf`.

use gemini::{Client, ClientExt, Error, Functions, ResponseExt};

const MODEL: &str = "gemini-2.0-flash";

/// Arguments of `get_weather`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct City {
    /// The city's name.
    city: String,
}

fn get_weather(City { city }: City) -> String {
    format!("Sunny and 24 °C in {city}")
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::builder().build()?; // GOOGLE_API_KEY, then GEMINI_API_KEY
    let answer = client.generate(MODEL, "Why is the sky blue?").await?;
    println!("{}", answer.text());
    streaming(&client).await?;
    chat(&client).await?;
    function_calling(&client).await?;
    if let Some(path) = std::env::args().nth(1) {
        upload_then_prompt(&client, &path).await?;
    }
    Ok(())
}

async fn streaming(client: &Client) -> Result<(), Error> {
    let mut chat = client.chat(MODEL);
    let mut stream = chat.send_stream("Tell me a story.").await?;
    while let Some(chunk) = stream.next().await {
        print!("{}", chunk?.text());
    }
    Ok(())
}

async fn chat(client: &Client) -> Result<(), Error> {
    let mut chat = client.chat(MODEL);
    chat.send("I have two dogs.").await?;
    let answer = chat.send("How many paws are in my house?").await?;
    println!("{} ({} turns)", answer.text(), chat.history().len());
    Ok(())
}

async fn function_calling(client: &Client) -> Result<(), Error> {
    let tools = Functions::new().add("get_weather", "Today's weather in a city.", get_weather);
    let mut chat = client.chat(MODEL).with_functions(tools);
    println!(
        "{}",
        chat.send("What is the weather in Zürich?").await?.text()
    );
    Ok(())
}

async fn upload_then_prompt(client: &Client, path: &str) -> Result<(), Error> {
    let bytes = std::fs::read(path).expect("a readable file");
    let file = client.upload_file(bytes, "application/pdf", "talk").await?;
    let answer = client.generate(MODEL, (&file, "Summarize it.")).await?;
    println!("{}", answer.text());
    Ok(())
}
