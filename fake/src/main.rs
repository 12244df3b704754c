//! `gemini-fake`: serves the in-memory Gemini API fake on 127.0.0.1.
//!
//! ```sh
//! gemini-fake --port 8080    # 0 (the default) picks a free port
//! gemini-fake --script answers.json --tuning-time 30s --processing-time 2s --seed 7
//! gemini-fake --api-key my-key --api-key other-key   # default: fake-api-key
//! gemini-fake --body-limit 1048576 --header-timeout 5 --body-timeout 10
//! ```

use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str =
    "usage: gemini-fake [--port PORT] [--tuning-time TIME] [--processing-time TIME] [--seed N]\n\
                   [--script FILE] [--api-key KEY]... [--body-limit BYTES] [--header-timeout SECS] [--body-timeout SECS]\n\n\
Serves an in-memory fake of the Gemini API (v1beta) on 127.0.0.1:PORT\n\
(PORT 0, the default, picks a free one) and prints its base URL.\n\n\
  --tuning-time TIME      how long a tuning job takes, in the API's duration\n\
                          syntax (e.g. 30s, 0.5s; default 1s; 0s finishes it at once)\n\
  --processing-time TIME  how long an uploaded file stays PROCESSING before it is\n\
                          ACTIVE (same syntax; default 0s: ACTIVE at once)\n\
  --seed N                draw the ids the fake makes up from a generator seeded\n\
                          with N (0 to 2^64-1): the same requests get the same ids\n\
  --script FILE           queue the scripted model answers of this JSON file\n\
                          (see fake/README.md; scripts can also be loaded and reset\n\
                          over HTTP at /_fake/scripts)\n\
  --api-key KEY           accept this API key (repeat for more); without the flag\n\
                          the one key accepted is fake-api-key\n\
  --body-limit BYTES      the largest request body; a larger one answers 413\n\
                          (default 67108864, 64 MiB)\n\
  --header-timeout SECS   a connection that takes longer to send a request's\n\
                          headers is closed (default 30)\n\
  --body-timeout SECS     a request body that takes longer to arrive answers\n\
                          408 (default 60)";

/// What the command line asks for.
#[derive(Debug, Default, PartialEq)]
struct Options {
    port: u16,
    tuning_time: Option<Duration>,
    processing_time: Option<Duration>,
    seed: Option<u64>,
    script: Option<String>,
    /// The keys to accept; none given: the fake's default key.
    api_keys: Vec<String>,
    limits: gemini_fake::ServerLimits,
}

/// The flags that take a value (`-p` stands for `--port`).
const FLAGS: [&str; 9] = [
    "--port",
    "--tuning-time",
    "--processing-time",
    "--seed",
    "--script",
    "--api-key",
    "--body-limit",
    "--header-timeout",
    "--body-timeout",
];

/// The options on the command line; `Err("")` asks for the usage text.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Err(String::new());
        }
        let (flag, value) = flag_and_value(arg, &mut args)?;
        options = options.with_flag(&flag, value)?;
    }
    Ok(options)
}

/// A known flag and its value, given after `=` or as the next argument.
fn flag_and_value(
    arg: String,
    args: &mut impl Iterator<Item = String>,
) -> Result<(String, String), String> {
    let (flag, inline) = match arg.split_once('=') {
        Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
        _ => (arg, None),
    };
    let flag = if flag == "-p" {
        "--port".to_owned()
    } else {
        flag
    };
    if !FLAGS.contains(&flag.as_str()) {
        return Err(format!("unknown argument {flag:?}"));
    }
    let value = match inline {
        Some(value) => value,
        None => args.next().ok_or(format!("{flag} needs a value"))?,
    };
    Ok((flag, value))
}

impl Options {
    /// These options with what a known `flag` says, its `value` checked.
    fn with_flag(mut self, flag: &str, value: String) -> Result<Self, String> {
        match flag {
            "--port" => {
                self.port = value
                    .parse()
                    .map_err(|_| format!("--port {value:?} is not a port number (0-65535)"))?
            }
            "--tuning-time" => self.tuning_time = Some(parse_time(flag, &value)?),
            "--processing-time" => self.processing_time = Some(parse_time(flag, &value)?),
            "--seed" => {
                self.seed = Some(value.parse().map_err(|_| {
                    format!("--seed {value:?} is not a number from 0 to 18446744073709551615")
                })?)
            }
            "--api-key" if value.is_empty() => return Err("--api-key needs a key".to_owned()),
            "--api-key" => self.api_keys.push(value),
            "--body-limit" => {
                let bytes = value
                    .parse()
                    .map_err(|_| format!("--body-limit {value:?} is not a number of bytes"))?;
                self.limits = self.limits.with_body_limit(bytes);
            }
            "--header-timeout" => {
                let timeout = seconds(flag, &value)?;
                self.limits = self.limits.with_header_timeout(timeout);
            }
            "--body-timeout" => {
                let timeout = seconds(flag, &value)?;
                self.limits = self.limits.with_body_timeout(timeout);
            }
            _ => self.script = Some(value),
        }
        Ok(self)
    }
}

/// A time flag's value: a duration as the API writes one (`30s`, `0.5s`), not negative.
fn parse_time(flag: &str, value: &str) -> Result<Duration, String> {
    value
        .parse::<gemini_v1beta::Duration>()
        .ok()
        .and_then(|time| Duration::try_from(time).ok())
        .ok_or_else(|| {
            format!("{flag} {value:?} is not a duration such as 30s or 0.5s (0s or more)")
        })
}

/// A timeout given in seconds (fractions allowed), more than zero.
fn seconds(flag: &str, value: &str) -> Result<Duration, String> {
    value
        .parse::<f64>()
        .ok()
        .filter(|seconds| *seconds > 0.0)
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .ok_or(format!(
            "{flag} {value:?} is not a number of seconds above 0"
        ))
}

/// The fake the options describe.
fn build(options: &Options) -> Result<gemini_fake::Fake, String> {
    let mut fake = gemini_fake::Fake::new();
    if !options.api_keys.is_empty() {
        fake = fake.api_keys(options.api_keys.iter().cloned());
    }
    if let Some(time) = options.tuning_time {
        fake = fake.tuning_time(time);
    }
    if let Some(time) = options.processing_time {
        fake = fake.processing_time(time);
    }
    if let Some(seed) = options.seed {
        fake = fake.seed(seed);
    }
    if let Some(path) = &options.script {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read the script {path}: {error}"))?;
        fake.load_script(&text)
            .map_err(|error| format!("the script {path}: {error}"))?;
    }
    Ok(fake)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gemini-fake: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let fake = match build(&options) {
        Ok(fake) => fake,
        Err(message) => {
            eprintln!("gemini-fake: {message}");
            return ExitCode::from(2);
        }
    };
    let port = options.port;
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("gemini-fake: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let keys = match options.api_keys.as_slice() {
        [] => gemini_fake::DEFAULT_API_KEY.to_owned(),
        keys => keys.join(", "),
    };
    println!("gemini-fake accepts the API key(s): {keys}");
    match listener.local_addr() {
        Ok(address) => println!("gemini-fake listening on http://{address}"),
        Err(error) => eprintln!("gemini-fake: listening, but the address is unknown: {error}"),
    }
    match fake.serve_with(listener, options.limits).await {}
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{build, parse_args, Options};

    fn parse(args: &[&str]) -> Result<Options, String> {
        parse_args(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn no_arguments_are_the_defaults_and_help_asks_for_the_usage() {
        assert_eq!(parse(&[]), Ok(Options::default()));
        assert_eq!(parse(&["--help"]), Err(String::new()));
        assert!(parse(&["--bogus"]).is_err());
    }

    #[test]
    fn a_port_is_given_three_ways_and_checked() {
        assert_eq!(parse(&["--port", "8080"]).unwrap().port, 8080);
        assert_eq!(parse(&["--port=81"]).unwrap().port, 81);
        assert_eq!(parse(&["-p", "82"]).unwrap().port, 82);
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--port", "70000"]).is_err());
    }

    #[test]
    fn flags_combine() {
        assert_eq!(
            parse(&["--tuning-time", "0s", "--seed=7", "--script=a.json"]),
            Ok(Options {
                port: 0,
                tuning_time: Some(Duration::ZERO),
                seed: Some(7),
                script: Some("a.json".into()),
                ..Options::default()
            })
        );
    }

    #[test]
    fn api_keys_add_up_and_may_not_be_empty() {
        assert_eq!(
            parse(&["--api-key", "a", "--api-key=b"]).unwrap().api_keys,
            ["a", "b"]
        );
        assert!(parse(&["--api-key"]).is_err());
        assert!(parse(&["--api-key="]).is_err());
    }

    #[test]
    fn server_limits_are_read_and_checked() {
        let limits = parse(&[
            "--body-limit",
            "1024",
            "--header-timeout=0.5",
            "--body-timeout",
            "2",
        ])
        .unwrap()
        .limits;
        assert_eq!(
            limits,
            gemini_fake::ServerLimits::default()
                .with_body_limit(1024)
                .with_header_timeout(Duration::from_millis(500))
                .with_body_timeout(Duration::from_secs(2))
        );
        for bad in [
            ["--body-limit", "-1"],
            ["--header-timeout", "0"],
            ["--body-timeout", "soon"],
        ] {
            assert!(parse(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn times_and_seeds_are_read_and_checked() {
        assert_eq!(
            parse(&["--tuning-time=2.5s"]).unwrap().tuning_time,
            Some(Duration::from_millis(2500))
        );
        assert_eq!(
            parse(&["--processing-time", "3s"]).unwrap().processing_time,
            Some(Duration::from_secs(3))
        );
        for flag in ["--tuning-time", "--processing-time"] {
            for bad in ["-1s", "2", "1m", "", "99999999999999s"] {
                let error = parse(&[flag, bad]).unwrap_err();
                assert!(error.contains(flag), "{bad:?}: {error}");
            }
        }
        assert!(parse(&["--seed", "-1"]).is_err());
        assert!(parse(&["--seed", "18446744073709551616"]).is_err());
    }

    #[test]
    fn a_missing_script_is_a_clear_error() {
        let options = Options {
            script: Some("/nonexistent/script.json".into()),
            ..Default::default()
        };
        let error = build(&options).unwrap_err();
        assert!(error.contains("/nonexistent/script.json"), "{error}");
    }
}
