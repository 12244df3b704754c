//! The grammars of the `api:` values that are more than text: crate names
//! and versions, URLs, header and variable names, durations. Each matches
//! the pattern `spec/spec.schema.json` gives for the same value, so the
//! generator and editors accept exactly the same spec.

/// `^[a-z][a-z0-9_-]*$`: what Cargo accepts as a package name, in lowercase.
pub fn is_crate_name(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`: a proto package name, e.g.
/// `google.rpc`; its segments start lowercase, which tells them from type names.
pub fn is_package_name(text: &str) -> bool {
    text.split('.').all(|segment| {
        segment.starts_with(|c: char| c.is_ascii_lowercase())
            && segment
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    })
}

/// `^apigen_runtime(::[A-Za-z_][A-Za-z0-9_]*)+$`: the path of a type the
/// runtime provides, e.g. `apigen_runtime::Status`.
pub fn is_runtime_type_path(text: &str) -> bool {
    let mut segments = text.split("::");
    segments.next() == Some("apigen_runtime")
        && segments.clone().next().is_some()
        && segments.all(|segment| {
            segment.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// A SemVer 2.0 version as Cargo reads it: `MAJOR.MINOR.PATCH`, then an
/// optional `-pre.release` and `+build`; numbers without leading zeros and
/// of at most 19 digits (they must fit 64 bits).
pub fn is_semver(text: &str) -> bool {
    let (rest, build) = match text.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (text, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|part| is_number(part))
        && pre.is_none_or(|pre| {
            pre.split('.').all(|part| {
                is_identifier_part(part)
                    && (is_number(part) || !part.bytes().all(|b| b.is_ascii_digit()))
            })
        })
        && build.is_none_or(|build| build.split('.').all(is_identifier_part))
}

/// `0|[1-9][0-9]{0,18}`
fn is_number(part: &str) -> bool {
    part == "0"
        || (part.len() <= 19
            && part.starts_with(|c: char| matches!(c, '1'..='9'))
            && part.bytes().all(|b| b.is_ascii_digit()))
}

/// `[0-9A-Za-z-]+`
fn is_identifier_part(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `^https?://[^/?#\s]+(/[^?#\s]*)?$`: a scheme, a host and maybe a path;
/// no query, fragment or spaces.
pub fn is_base_url(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty() && !rest.contains(['?', '#']) && !rest.contains(char::is_whitespace)
}

/// `^[A-Za-z0-9!#$%&'*+.^_`|~-]+$`: an HTTP header name (RFC 9110 token).
pub fn is_header_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+.^_`|~-".contains(c))
}

/// An OAuth 2 scope: visible ASCII without spaces (a token request joins
/// scopes with spaces), e.g. `https://www.googleapis.com/auth/cloud-platform`.
pub fn is_oauth_scope(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_graphic())
}

/// `^[A-Za-z_][A-Za-z0-9_]*$`: a portable environment variable name.
pub fn is_env_var(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A duration in milliseconds: `^([0-9]{1,9}(\.[0-9]{1,3})?s|[0-9]{1,12}ms)$`,
/// e.g. `1s`, `1.5s`, `250ms` (at most about 30 years).
pub fn duration_millis(text: &str) -> Option<u64> {
    let digits = |part: &str, most: usize| {
        (!part.is_empty() && part.len() <= most && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u64>().ok())
            .flatten()
    };
    if let Some(millis) = text.strip_suffix("ms") {
        return digits(millis, 12);
    }
    let seconds = text.strip_suffix('s')?;
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
    let whole = digits(whole, 9)?;
    let fraction_millis = digits(fraction, 3)? * 10u64.pow(3 - fraction.len() as u32);
    Some(whole * 1000 + fraction_millis)
}

/// A duration in milliseconds written as the spec writes durations:
/// whole seconds as `30s`, anything else as `250ms`.
pub fn duration_text(millis: u64) -> String {
    if millis.is_multiple_of(1000) {
        format!("{}s", millis / 1000)
    } else {
        format!("{millis}ms")
    }
}

/// An SPDX license expression as Cargo's `license` takes it: license ids
/// (`MIT`, `Apache-2.0`, `GPL-2.0+`) joined by ` AND `, ` OR ` or ` WITH `,
/// each id maybe inside parentheses. Whether the ids are known and the
/// parentheses balance is left to Cargo, as the schema's pattern cannot say.
pub fn is_license_expression(text: &str) -> bool {
    let is_id = |word: &str| {
        let id = word.trim_start_matches('(').trim_end_matches(')');
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
    };
    let words: Vec<&str> = text.split(' ').collect();
    words.len() % 2 == 1
        && words.iter().enumerate().all(|(index, word)| {
            if index % 2 == 0 {
                is_id(word)
            } else {
                matches!(*word, "AND" | "OR" | "WITH")
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_semver() {
        for good in ["0.1.0", "1.2.3-alpha.1", "1.0.0+build.5", "1.0.0-x-y.0+z"] {
            assert!(is_semver(good), "{good}");
        }
        for bad in [
            "0.2",
            "1",
            "01.0.0",
            "1.0.0-01",
            "1.0.0-",
            "1.0.0+",
            "v1.0.0",
            "1.0.0.0",
            "99999999999999999999.0.0",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn package_names_are_dotted_lowercase_segments() {
        for good in ["google.rpc", "google.iam.v1", "shop", "a_b.c2"] {
            assert!(is_package_name(good), "{good}");
        }
        for bad in [
            "",
            "Google.rpc",
            "google..rpc",
            "google.rpc.",
            ".google",
            "google.2fa",
            "google.Rpc",
        ] {
            assert!(!is_package_name(bad), "{bad}");
        }
    }

    #[test]
    fn licenses_are_spdx_expressions() {
        for good in [
            "MIT",
            "MIT OR Apache-2.0",
            "(MIT OR Apache-2.0) AND GPL-2.0+",
            "Apache-2.0 WITH LLVM-exception",
        ] {
            assert!(is_license_expression(good), "{good}");
        }
        for bad in [
            "",
            "MIT or Apache-2.0",
            "MIT OR",
            "MIT  OR Apache-2.0",
            "MIT/Apache-2.0",
            "()",
        ] {
            assert!(!is_license_expression(bad), "{bad}");
        }
    }

    #[test]
    fn durations_have_a_unit() {
        assert_eq!(duration_millis("1s"), Some(1000));
        assert_eq!(duration_millis("1.5s"), Some(1500));
        assert_eq!(duration_millis("0.25s"), Some(250));
        assert_eq!(duration_millis("250ms"), Some(250));
        for bad in [
            "1", "1.5ms", "1e3s", "-1s", ".5s", "1.s", "1.2345s", "s", "1 s",
        ] {
            assert_eq!(duration_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn urls_names_and_variables() {
        assert!(is_base_url("https://api.example.com"));
        assert!(is_base_url("http://localhost:8080/v1/"));
        assert!(!is_base_url("https://"));
        assert!(!is_base_url("ftp://x"));
        assert!(!is_base_url("https://x.com/?a=1"));
        assert!(is_header_name("x-goog-api-key"));
        assert!(!is_header_name("x goog"));
        assert!(is_env_var("LIBRARY_API_KEY"));
        assert!(is_oauth_scope(
            "https://www.googleapis.com/auth/cloud-platform"
        ));
        assert!(!is_oauth_scope("scope-a scope-b"));
        assert!(!is_env_var("A, B"));
        assert!(is_crate_name("library-v1"));
        assert!(!is_crate_name("1library"));
        assert!(!is_crate_name("Library"));
    }
}
