//! Conveniences over the generated Gemini client ([`gemini_v1beta`]), in the
//! spirit of the official SDKs' helpers: one-call shortcuts on the client
//! ([`ClientExt`]: generate, count tokens, embed, list models, upload a file
//! and wait until it is ready), prompts from text, files or turns
//! ([`Contents`]), the text and function calls of a response
//! ([`ResponseExt`]), a [`Chat`] that keeps its history, and a
//! function-calling loop over Rust functions whose parameters' schema comes
//! from their argument type ([`Functions`]).
//!
//! ```no_run
//! use gemini::{Client, ClientExt, ResponseExt};
//!
//! # async fn run() -> Result<(), gemini::Error> {
//! let client = Client::builder().build()?; // the key from GEMINI_API_KEY
//! let answer = client.generate("gemini-2.5-flash", "Why is the sky blue?").await?;
//! println!("{}", answer.text());
//! let file = client.upload_file(std::fs::read("plan.pdf").unwrap(), "application/pdf", "plan").await?;
//! let answer = client.generate("gemini-2.5-flash", (&file, "Summarize it.")).await?;
//! let mut chat = client.chat("gemini-2.5-flash");
//! println!("{}", chat.send("Plan a day in Lisbon").await?.text());
//! # Ok(())
//! # }
//! ```

mod chat;
mod client;
mod content;
mod contents;
mod functions;
mod model;
mod response;

pub use chat::{Chat, ChatStream};
pub use client::ClientExt;
pub use content::{ContentExt, PartExt};
pub use contents::Contents;
pub use functions::Functions;
pub use gemini_v1beta::{self as api, types, Client, Error};
pub use model::model_name;
pub use response::ResponseExt;
