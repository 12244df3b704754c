//! A method's own retry policy and timeout: its `retry:` keys over the
//! API's policy, checked to make a whole policy.

use crate::diagnostic::{Diagnostics, Reported};
use crate::model::{MethodRetry, MethodSettings, RetrySettings};
use crate::spec;

/// The API's retry policy as the methods inherit it: `None` when the API
/// has none, the proof of a problem when it could not be read.
pub type InheritedRetry<'s> = Result<Option<&'s RetrySettings>, Reported>;

/// The settings of `method` (REST id `id`); an error when its retry policy
/// lacks a key that neither it nor the API's policy (`api_retry`) gives.
pub(super) fn method_settings(
    method: &spec::Method,
    id: &str,
    api_retry: InheritedRetry<'_>,
    diagnostics: &mut Diagnostics,
) -> Result<MethodSettings, Reported> {
    let retry = match &method.retry {
        None => None,
        Some(spec::MethodRetry::Disabled) => Some(MethodRetry::Disabled),
        Some(spec::MethodRetry::Policy { keys, at }) => {
            let keys = match api_retry? {
                Some(inherited) => keys.clone().or(inherited),
                None => keys.clone(),
            };
            let lacking = keys.lacking();
            let them = if lacking.len() == 1 { "it" } else { "them" };
            let lacking = lacking.join("`, `");
            match keys.complete() {
                Some(policy) => Some(MethodRetry::Policy(policy)),
                None => {
                    let whence = match api_retry? {
                        Some(_) => format!("and the API's policy does not give {them} either"),
                        None => format!("and the API has no retry policy to inherit {them} from"),
                    };
                    return Err(diagnostics.report(
                        at.error(format!(
                            "the retry policy of `{id}` has no `{lacking}`, {whence}"
                        ))
                        .with_help(format!(
                            "add `{lacking}` to this policy, or give the API an `api.retry` policy to inherit"
                        )),
                    ));
                }
            }
        }
    };
    Ok(MethodSettings {
        retry,
        timeout_ms: method.timeout_ms,
    })
}
