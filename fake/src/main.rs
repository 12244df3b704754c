//! `gemini-fake`: serves the in-memory Gemini API fake on 127.0.0.1.
//!
//! ```sh
//! gemini-fake --port 8080    # 0 (the default) picks a free port
//! ```

use std::process::ExitCode;

const USAGE: &str = "usage: gemini-fake [--port PORT]\n\n\
Serves an in-memory fake of the Gemini API (v1beta) on 127.0.0.1:PORT\n\
(PORT 0, the default, picks a free one) and prints its base URL.";

/// The port asked for on the command line.
fn parse_port(mut args: impl Iterator<Item = String>) -> Result<u16, String> {
    let mut port = 0;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "--port" | "-p" => args.next().ok_or("--port needs a value")?,
            other => match other.strip_prefix("--port=") {
                Some(value) => value.to_owned(),
                None => return Err(format!("unknown argument {other:?}")),
            },
        };
        port = value
            .parse()
            .map_err(|_| format!("--port {value:?} is not a port number (0-65535)"))?;
    }
    Ok(port)
}

#[tokio::main]
async fn main() -> ExitCode {
    let port = match parse_port(std::env::args().skip(1)) {
        Ok(port) => port,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gemini-fake: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("gemini-fake: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(address) => println!("gemini-fake listening on http://{address}"),
        Err(error) => eprintln!("gemini-fake: listening, but the address is unknown: {error}"),
    }
    match gemini_fake::Fake::new().serve(listener).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gemini-fake: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_port;

    fn parse(args: &[&str]) -> Result<u16, String> {
        parse_port(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn ports() {
        assert_eq!(parse(&[]), Ok(0));
        assert_eq!(parse(&["--port", "8080"]), Ok(8080));
        assert_eq!(parse(&["--port=81"]), Ok(81));
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--port", "70000"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }
}
