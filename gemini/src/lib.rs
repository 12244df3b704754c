//! Conveniences over the generated Gemini client ([`gemini_v1beta`]), in the
//! spirit of the official SDKs' helpers: the text and function calls of a
//! response ([`ResponseExt`]), contents from text ([`ContentExt`]), model
//! names with or without `models/` ([`model_name`]), a [`Chat`] that keeps
//! its history, and a function-calling loop over Rust functions
//! ([`Functions`]).
//!
//! ```no_run
//! use gemini::{ClientExt, ResponseExt};
//!
//! # async fn run() -> Result<(), gemini::Error> {
//! let client = gemini::Client::builder().build()?; // the key from GEMINI_API_KEY
//! let mut chat = client.chat("gemini-2.5-flash");
//! let answer = chat.send("Plan a day in Lisbon").await?;
//! println!("{}", answer.text().unwrap_or_default());
//! # Ok(())
//! # }
//! ```

mod chat;
mod content;
mod functions;
mod model;
mod response;

pub use chat::{Chat, ChatStream};
pub use content::ContentExt;
pub use functions::Functions;
pub use gemini_v1beta::{self as api, types, Client, Error};
pub use model::{model_name, ClientExt};
pub use response::ResponseExt;
