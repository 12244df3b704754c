//! The README's client examples in one program, so CI compiles them
//! (`cargo test` builds examples). Run it with a real key:
//! `GEMINI_API_KEY=… cargo run -p apigen-tests --example gemini_tour -- path/to/file.txt`.

use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use gemini_v1beta::types::{
    Content, CreateFileRequest, File, GenerateContentRequest, GetFileRequest, ListCorporaRequest,
    Part, PartData,
};
use gemini_v1beta::{CallOptions, Client, Error, Media, PollPolicy};

fn question(text: &str) -> GenerateContentRequest {
    GenerateContentRequest {
        model: "models/gemini-2.0-flash".into(),
        contents: vec![Content {
            role: "user".into(),
            parts: vec![Part {
                data: Some(PartData::Text(text.into())),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Reads GOOGLE_API_KEY (then GEMINI_API_KEY); or Client::builder().api_key(..).build()
    let client = Client::new()?;

    // One answer.
    let response = client
        .models()
        .generate_content(question("Why is the sky blue?"))
        .await?;
    for candidate in &response.candidates {
        println!("{:?}", candidate.content);
    }

    // A streamed answer: each chunk as soon as it arrives.
    let mut stream = client
        .models()
        .stream_generate_content(question("Tell me a story."))
        .await?;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        println!(
            "{:?}",
            chunk
                .candidates
                .first()
                .and_then(|candidate| candidate.content.as_ref())
        );
    }

    // Every corpus, across pages.
    let corpora: Vec<_> = client
        .corpora()
        .list_items(ListCorporaRequest::default())
        .try_collect()
        .await?;
    println!("{} corpora", corpora.len());

    // A resumable upload with progress, then wait until the file can be used.
    if let Some(path) = std::env::args().nth(1) {
        let media = Media::from_file(&path, "text/plain")
            .await?
            .on_progress(|p| eprintln!("{}/{} bytes", p.sent, p.total));
        let request = CreateFileRequest {
            file: Some(File {
                display_name: path.clone(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let uploaded = client.media().upload_media(request, media).await?;
        let name = uploaded.file.map(|file| file.name).unwrap_or_default();
        let file = client
            .files()
            .wait_until_active(
                GetFileRequest {
                    name,
                    ..Default::default()
                },
                PollPolicy::default(),
            )
            .await?;
        println!("{} is {:?}", file.name, file.state);
    }

    // Per-call settings: a longer timeout and a deadline for this client value.
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
    let long = patient
        .models()
        .generate_content(question("Write a long essay."))
        .await?;
    println!("{} candidates", long.candidates.len());
    Ok(())
}
