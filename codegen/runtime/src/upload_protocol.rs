//! Google's resumable upload protocol as both sides speak it: the
//! `x-goog-upload-*` header names, the commands a client sends and the
//! statuses a server answers.
//!
//! A client starts a session (`x-goog-upload-protocol: resumable`,
//! `x-goog-upload-command: start`, the media's length and type announced in
//! `x-goog-upload-header-content-*`), then sends the bytes to the session URL
//! the answer names, each chunk at `x-goog-upload-offset`, the last one with
//! `upload, finalize`. Every answer says `x-goog-upload-status`.

use std::fmt;

/// Which protocol a request starts: `resumable` or `raw`.
pub const PROTOCOL: &str = "x-goog-upload-protocol";
/// The comma-separated commands of a request (see [`Command`]).
pub const COMMAND: &str = "x-goog-upload-command";
/// Where in the media the request's bytes start.
pub const OFFSET: &str = "x-goog-upload-offset";
/// The session's state after the request (see [`Status`]).
pub const STATUS: &str = "x-goog-upload-status";
/// The session URL, in the answer to `start`.
pub const URL: &str = "x-goog-upload-url";
/// The URL to query or cancel the session at, in the answer to `start`.
pub const CONTROL_URL: &str = "x-goog-upload-control-url";
/// What every chunk but the last must be a multiple of, in the answer to `start`.
pub const CHUNK_GRANULARITY: &str = "x-goog-upload-chunk-granularity";
/// How many bytes the server holds.
pub const SIZE_RECEIVED: &str = "x-goog-upload-size-received";
/// The media's length, announced with `start`.
pub const HEADER_CONTENT_LENGTH: &str = "x-goog-upload-header-content-length";
/// The media's MIME type, announced with `start`.
pub const HEADER_CONTENT_TYPE: &str = "x-goog-upload-header-content-type";
/// The query parameter of a session URL that names the session.
pub const UPLOAD_ID: &str = "upload_id";

/// One command of `x-goog-upload-command`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open a session.
    Start,
    /// Append the request's bytes at `x-goog-upload-offset`.
    Upload,
    /// End the upload (with `upload`: after appending the request's bytes).
    Finalize,
    /// Ask how many bytes the server holds.
    Query,
    /// Drop the session.
    Cancel,
}

impl Command {
    const ALL: [Command; 5] = [
        Command::Start,
        Command::Upload,
        Command::Finalize,
        Command::Query,
        Command::Cancel,
    ];

    /// The command as it is written in the header.
    pub const fn as_str(self) -> &'static str {
        match self {
            Command::Start => "start",
            Command::Upload => "upload",
            Command::Finalize => "finalize",
            Command::Query => "query",
            Command::Cancel => "cancel",
        }
    }

    /// The commands of a header value such as `upload, finalize`: names
    /// separated by commas, in any case, blanks around them ignored.
    pub fn parse_list(header: &str) -> Result<Vec<Command>, UnknownCommand> {
        header
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| {
                Command::ALL
                    .into_iter()
                    .find(|command| command.as_str().eq_ignore_ascii_case(name))
                    .ok_or_else(|| UnknownCommand(name.to_owned()))
            })
            .collect()
    }
}

/// A command name that is not one of [`Command`]'s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCommand(pub String);

impl fmt::Display for UnknownCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{COMMAND} {:?} is not one of start, upload, finalize, query, cancel",
            self.0
        )
    }
}

impl std::error::Error for UnknownCommand {}

/// The session's state, as `x-goog-upload-status` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Open: more bytes may come.
    Active,
    /// Over: finalized (the body is the answer) or failed (the body is the error).
    Final,
    /// Cancelled, expired or never started.
    Cancelled,
}

impl Status {
    /// The status as it is written in the header.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Final => "final",
            Status::Cancelled => "cancelled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_in_any_case_with_blanks() {
        assert_eq!(
            Command::parse_list(" Upload ,FINALIZE"),
            Ok(vec![Command::Upload, Command::Finalize])
        );
        assert_eq!(Command::parse_list("query"), Ok(vec![Command::Query]));
        assert_eq!(Command::parse_list(" , "), Ok(vec![]));
        let error = Command::parse_list("upload, explode").unwrap_err();
        assert_eq!(error, UnknownCommand("explode".to_owned()));
        assert!(error.to_string().contains("\"explode\""), "{error}");
    }
}
