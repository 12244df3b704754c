//! Context caches: stored prompt content that expires.

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::cached_content::Expiration;
use gemini_v1beta::types::*;
use gemini_v1beta::{Duration, Timestamp};

use crate::catalog;
use crate::errors::{not_found, required};
use crate::mask::{self, WhenEmpty};
use crate::names;
use crate::paging::{Limits, ListCall};
use crate::state::State;
use crate::tokens;
use crate::wire_time;

/// cachedContents.list: 10 by default, at most 1000.
const LIMITS: Limits = Limits {
    default: 10,
    max: 1000,
};
/// How long a cache lives when created without `ttl` or `expireTime`: one hour.
const DEFAULT_TTL: Duration = Duration {
    seconds: 3600,
    nanos: 0,
};

/// The expiration time `expiration` asks for at `now`, checked: a ttl must
/// not be negative and an expireTime must lie in the future.
fn expire_time(
    expiration: &Expiration,
    now: Timestamp,
    field: &str,
) -> Result<Timestamp, ServerError> {
    let time = match expiration {
        Expiration::Ttl(ttl) if wire_time::is_negative(*ttl) => {
            return Err(ServerError::invalid_argument(format!(
                "{field}.ttl must not be negative, got {ttl}"
            )))
        }
        Expiration::Ttl(ttl) => wire_time::add(now, *ttl),
        Expiration::ExpireTime(time) if *time <= now => {
            return Err(ServerError::invalid_argument(format!(
                "{field}.expireTime {time} is not in the future"
            )))
        }
        Expiration::ExpireTime(time) => *time,
        other => {
            return Err(ServerError::invalid_argument(format!(
                "{field} has an expiration this server does not know: {other:?}"
            )))
        }
    };
    if !wire_time::is_representable(time) {
        return Err(ServerError::invalid_argument(format!(
            "{field} expires after the year 9999"
        )));
    }
    Ok(time)
}

/// The tokens a cache holds (its system instruction and contents), by the fake's rule.
pub(crate) fn cached_tokens(cached: &CachedContent) -> i32 {
    tokens::of_contents(cached.system_instruction.iter().chain(&cached.contents))
}

/// What the API answers for a stored cache: without the contents and the
/// system instruction, which are only accepted on create.
fn view(cached: &CachedContent) -> CachedContent {
    let mut view = cached.clone();
    view.contents = Vec::new();
    view.system_instruction = None;
    view
}

impl State {
    /// Forgets the caches whose expiration time has passed by `now`.
    pub(crate) fn drop_expired_caches(&mut self, now: Timestamp) {
        self.cached_contents
            .retain(|_, cached| cached.expire_time().is_none_or(|time| *time > now));
    }

    /// Creates a cache: checks the model, turns `ttl` (default one hour) into `expireTime`, estimates its tokens.
    pub(crate) fn cached_contents_create(
        &mut self,
        request: CreateCachedContentRequest,
    ) -> Result<CachedContent, ServerError> {
        let cached = request
            .cached_content
            .ok_or_else(|| required("cachedContent"))?;
        let model = cached
            .model
            .as_deref()
            .ok_or_else(|| required("cachedContent.model"))?;
        catalog::supporting(model, "createCachedContent")?;
        let time = self.clock.now();
        let expire = match &cached.expiration {
            Some(expiration) => expire_time(expiration, time, "cachedContent")?,
            None => wire_time::add(time, DEFAULT_TTL),
        };
        let name = loop {
            let name = format!("cachedContents/{}", names::new_id(&mut self.ids));
            if !self.cached_contents.contains_key(&name) {
                break name;
            }
        };
        let usage =
            cached_content::UsageMetadata::new().set_total_token_count(cached_tokens(&cached));
        let mut cached = cached
            .set_name(name.clone())
            .set_create_time(time)
            .set_update_time(time)
            .set_expire_time(expire)
            .set_usage_metadata(usage);
        cached.unknown_fields.clear();
        let answer = view(&cached);
        self.cached_contents.insert(name, cached);
        Ok(answer)
    }

    /// The cache `name`, unless it is missing or expired.
    pub(crate) fn cached_contents_get(&self, name: &str) -> Result<CachedContent, ServerError> {
        self.cached_contents
            .get(name)
            .map(view)
            .ok_or_else(|| not_found("cached content", name))
    }

    /// The cache `name` as stored, contents included, for a prompt that uses it.
    pub(crate) fn cached_contents_stored(&self, name: &str) -> Result<CachedContent, ServerError> {
        self.cached_contents
            .get(name)
            .cloned()
            .ok_or_else(|| not_found("cached content", name))
    }

    /// A page of the live caches.
    pub(crate) fn cached_contents_list(
        &self,
        request: &ListCachedContentsRequest,
    ) -> Result<ListCachedContentsResponse, ServerError> {
        let page = ListCall {
            scope: "cachedContents.list",
            prefix: "",
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: LIMITS,
        }
        .page(&self.cached_contents, |_| true)?;
        Ok(ListCachedContentsResponse::new()
            .set_cached_contents(page.items.into_iter().map(view))
            .set_next_page_token(page.next_page_token))
    }

    /// Changes a cache's expiration, the only field that may change.
    pub(crate) fn cached_contents_patch(
        &mut self,
        request: UpdateCachedContentRequest,
    ) -> Result<CachedContent, ServerError> {
        let update = request
            .cached_content
            .ok_or_else(|| required("cachedContent"))?;
        let fields = mask::fields(
            request.update_mask.as_ref(),
            &["ttl", "expire_time"],
            "cached content",
            WhenEmpty::All,
        )?;
        let name = update.name.unwrap_or_default();
        let cached = self
            .cached_contents
            .get_mut(&name)
            .ok_or_else(|| not_found("cached content", &name))?;
        let expiration = match (&update.expiration, fields.as_slice()) {
            (Some(expiration @ Expiration::Ttl(_)), fields) if fields.contains(&"ttl") => {
                expiration
            }
            (Some(expiration @ Expiration::ExpireTime(_)), fields)
                if fields.contains(&"expire_time") =>
            {
                expiration
            }
            _ => {
                return Err(ServerError::invalid_argument(format!(
                    "nothing to update: set cachedContent.{} to the new expiration",
                    if fields == ["expire_time"] {
                        "expireTime"
                    } else {
                        "ttl"
                    }
                )))
            }
        };
        let time = self.clock.now();
        let expire = expire_time(expiration, time, "cachedContent")?;
        cached.expiration = Some(Expiration::ExpireTime(expire));
        cached.update_time = Some(time);
        Ok(view(cached))
    }

    /// Deletes the cache `name`.
    pub(crate) fn cached_contents_delete(&mut self, name: &str) -> Result<(), ServerError> {
        self.cached_contents
            .remove(name)
            .map(drop)
            .ok_or_else(|| not_found("cached content", name))
    }
}
