//! The README's client examples in one program, so CI compiles them
//! (`cargo test` builds examples). Run it with a real key:
//! `GEMINI_API_KEY=… cargo run -p apigen-tests --example gemini_tour -- path/to/file.txt`.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use gemini_v1beta::types::*;
use gemini_v1beta::{CallOptions, Client, Error, Media, PollPolicy};

const MODEL: &str = "models/gemini-2.0-flash";

/// A turn of the conversation written by the user.
fn user(text: &str) -> Content {
    Content::new()
        .set_role("user")
        .set_parts([Part::new().set_text(text)])
}

/// The text of every part of every candidate, in order.
fn answer_text(response: &GenerateContentResponse) -> String {
    response
        .candidates
        .iter()
        .flat_map(|candidate| &candidate.content)
        .flat_map(|content| &content.parts)
        .filter_map(Part::text)
        .collect()
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    first_call().await?;
    let client = Client::new()?;
    streaming(&client).await?;
    chat(&client).await?;
    function_calling(&client).await?;
    json_output(&client).await?;
    embeddings(&client).await?;
    paging(&client).await?;
    if let Some(path) = std::env::args().nth(1) {
        upload_then_prompt(&client, &path).await?;
    }
    caching(&client).await?;
    per_call_settings(&client).await
}

/// The README's first example, exactly as it stands there.
#[rustfmt::skip]
async fn first_call() -> Result<(), Error> {
    let client = Client::new()?; // GOOGLE_API_KEY, then GEMINI_API_KEY; an error without either
    let question = Content::new().set_role("user").set_parts([Part::new().set_text("Why is the sky blue?")]);
    let request = GenerateContentRequest::new().set_model("models/gemini-2.0-flash").set_contents([question]);
    let response = client.models().generate_content(request).await?;
    println!("{:?}", response.candidates.first().and_then(|candidate| candidate.content.as_ref()));
    Ok(())
}

async fn streaming(client: &Client) -> Result<(), Error> {
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_contents([user("Tell me a story.")]);
    let mut stream = client.models().stream_generate_content(request).await?;
    while let Some(chunk) = stream.next().await {
        print!("{}", answer_text(&chunk?));
    }
    Ok(())
}

async fn chat(client: &Client) -> Result<(), Error> {
    let mut history = vec![user("I have two dogs.")];
    let reply = Content::new()
        .set_role("model")
        .set_parts([Part::new().set_text("Nice! What are their names?")]);
    history.extend([reply, user("Rex and Fido. How many paws are in my house?")]);
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_contents(history);
    let response = client.models().generate_content(request).await?;
    println!("{}", answer_text(&response));
    Ok(())
}

async fn function_calling(client: &Client) -> Result<(), Error> {
    let city = Schema::new().set_type(Type::String);
    let weather = FunctionDeclaration::new()
        .set_name("get_weather")
        .set_description("The current weather in a city.")
        .set_parameters(
            Schema::new()
                .set_type(Type::Object)
                .set_properties([("city", city)])
                .set_required(["city"]),
        );
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_contents([user("What is the weather in Zürich?")])
        .set_tools([Tool::new().set_function_declarations([weather])]);
    let response = client.models().generate_content(request).await?;
    let parts = response
        .candidates
        .iter()
        .flat_map(|candidate| &candidate.content)
        .flat_map(|content| &content.parts);
    for call in parts.filter_map(Part::function_call) {
        println!("call {}({:?})", call.name, call.args);
    }
    Ok(())
}

async fn json_output(client: &Client) -> Result<(), Error> {
    let schema = serde_json::json!({
        "type": "object",
        "properties": {"name": {"type": "string"}, "year": {"type": "integer"}},
    });
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_contents([user("Name a famous bridge and the year it opened.")])
        .set_generation_config(
            GenerationConfig::new()
                .set_response_mime_type("application/json")
                .set_response_json_schema(schema),
        );
    let response = client.models().generate_content(request).await?;
    let bridge: serde_json::Value =
        serde_json::from_str(&answer_text(&response)).unwrap_or_default();
    println!("{bridge}");
    Ok(())
}

async fn embeddings(client: &Client) -> Result<(), Error> {
    let request = EmbedContentRequest::new()
        .set_model("models/text-embedding-004")
        .set_content(user("The sky is blue."));
    let response = client.models().embed_content(request).await?;
    let values = response.embedding.map(|embedding| embedding.values);
    println!("{} dimensions", values.unwrap_or_default().len());
    Ok(())
}

async fn paging(client: &Client) -> Result<(), Error> {
    let corpora: Vec<Corpus> = client
        .corpora()
        .list_items(ListCorporaRequest::new())
        .try_collect()
        .await?;
    println!("{} corpora", corpora.len());
    Ok(())
}

async fn upload_then_prompt(client: &Client, path: &str) -> Result<(), Error> {
    let media = Media::from_file(path, "text/plain")
        .await?
        .on_progress(|p| eprintln!("{}/{} bytes", p.sent, p.total));
    let request = CreateFileRequest::new().set_file(File::new().set_display_name(path));
    let uploaded = client.media().upload_media(request, media).await?;
    // Wait until the file leaves PROCESSING (ACTIVE or FAILED).
    let name = uploaded.file.map(|file| file.name).unwrap_or_default();
    let file = client
        .files()
        .wait_until_active(GetFileRequest::new().set_name(name), PollPolicy::default())
        .await?;
    let document = FileData::new()
        .set_mime_type(file.mime_type)
        .set_file_uri(file.uri);
    let prompt = Content::new().set_role("user").set_parts([
        Part::new().set_file_data(document),
        Part::new().set_text("Summarize this file in three sentences."),
    ]);
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_contents([prompt]);
    let response = client.models().generate_content(request).await?;
    println!("{}", answer_text(&response));
    Ok(())
}

async fn caching(client: &Client) -> Result<(), Error> {
    let manual = "A long manual that many questions will be asked about. ".repeat(2000);
    let cache = CachedContent::new()
        .set_model(MODEL)
        .set_contents([user(&manual)])
        .set_ttl(Duration::from_secs(600));
    let request = CreateCachedContentRequest::new().set_cached_content(cache);
    let cache = client.cached_contents().create(request).await?;
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_cached_content(cache.name.unwrap_or_default())
        .set_contents([user("What does the manual say about safety?")]);
    let response = client.models().generate_content(request).await?;
    println!("{}", answer_text(&response));
    Ok(())
}

async fn per_call_settings(client: &Client) -> Result<(), Error> {
    // A longer timeout and a deadline for this client value only.
    let patient = client.with_options(
        CallOptions::default()
            .timeout(Duration::from_secs(600))
            .retry(
                client
                    .transport()
                    .retry_policy()
                    .with_deadline(Duration::from_secs(900)),
            ),
    );
    let request = GenerateContentRequest::new()
        .set_model(MODEL)
        .set_contents([user("Write a long essay.")]);
    let response = patient.models().generate_content(request).await?;
    println!("{} candidates", response.candidates.len());
    Ok(())
}
