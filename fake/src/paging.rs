//! List paging: page sizes with each method's default and maximum, and
//! opaque page tokens that resume after the last item of the previous page.
//!
//! Items are listed in the order of their resource names. A token records
//! which listing it belongs to and the last name it answered, so items
//! created or deleted between pages neither repeat nor shift the rest.

use std::collections::BTreeMap;
use std::ops::Bound;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use gemini_v1beta::server::ServerError;

/// How many items a list method answers per page.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// When the request leaves `pageSize` unset (or 0).
    pub(crate) default: usize,
    /// The most a page holds; larger requests are lowered to this.
    pub(crate) max: usize,
}

/// Limits of most list methods: 10 by default, at most 100.
pub(crate) const COMMON: Limits = Limits {
    default: 10,
    max: 100,
};

/// One list call: which listing it is, the items' name prefix, and the
/// request's paging fields.
pub(crate) struct ListCall<'a> {
    /// Identifies the listing (method and anything that filters it); a token
    /// from another listing is refused.
    pub(crate) scope: &'a str,
    /// Only names starting with this are listed ("" for all).
    pub(crate) prefix: &'a str,
    /// The request's `pageSize`.
    pub(crate) page_size: i32,
    /// The request's `pageToken`.
    pub(crate) page_token: &'a str,
    /// The method's page sizes.
    pub(crate) limits: Limits,
}

/// One page: the items and the token for the next page ("" when this is the last).
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) next_page_token: String,
}

impl<T: Clone> Page<&T> {
    /// The items, cloned.
    pub(crate) fn cloned(self) -> Page<T> {
        Page {
            items: self.items.into_iter().cloned().collect(),
            next_page_token: self.next_page_token,
        }
    }
}

impl ListCall<'_> {
    /// Answers the page of `map` this call asks for, of the items that `keep` accepts.
    pub(crate) fn page<'m, T>(
        &self,
        map: &'m BTreeMap<String, T>,
        keep: impl Fn(&T) -> bool,
    ) -> Result<Page<&'m T>, ServerError> {
        let size = self.size()?;
        let start = match self.after()? {
            Some(last) => Bound::Excluded(last),
            None => Bound::Included(self.prefix.to_owned()),
        };
        let mut matching = map
            .range::<String, _>((start, Bound::Unbounded))
            .take_while(|(name, _)| name.starts_with(self.prefix))
            .filter(|(_, item)| keep(item));
        let mut items = Vec::new();
        let mut last = None;
        for (name, item) in matching.by_ref().take(size) {
            items.push(item);
            last = Some(name.as_str());
        }
        let next_page_token = match last {
            Some(last) if matching.next().is_some() => self.token(last),
            _ => String::new(),
        };
        Ok(Page {
            items,
            next_page_token,
        })
    }

    fn size(&self) -> Result<usize, ServerError> {
        match usize::try_from(self.page_size) {
            Err(_) => Err(ServerError::invalid_argument(format!(
                "pageSize must not be negative, got {}",
                self.page_size
            ))),
            Ok(0) => Ok(self.limits.default),
            Ok(size) => Ok(size.min(self.limits.max)),
        }
    }

    fn token(&self, last: &str) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\n{last}", self.scope))
    }

    /// The last name of the previous page, from the token.
    fn after(&self) -> Result<Option<String>, ServerError> {
        if self.page_token.is_empty() {
            return Ok(None);
        }
        let invalid = || {
            ServerError::invalid_argument(format!(
                "invalid page token {:?}: it does not come from this list call",
                self.page_token
            ))
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(self.page_token)
            .map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        match text.split_once('\n') {
            Some((scope, last)) if scope == self.scope && last.starts_with(self.prefix) => {
                Ok(Some(last.to_owned()))
            }
            _ => Err(invalid()),
        }
    }
}

#[cfg(test)]
mod tests {
    use gemini_v1beta::runtime::Code;

    use super::*;

    fn call<'a>(page_size: i32, page_token: &'a str) -> ListCall<'a> {
        ListCall {
            scope: "things.list",
            prefix: "things/",
            page_size,
            page_token,
            limits: Limits { default: 2, max: 3 },
        }
    }

    fn map() -> BTreeMap<String, u32> {
        (0..7)
            .map(|i| (format!("things/{i}"), i))
            .chain([("other/x".to_owned(), 99)])
            .collect()
    }

    #[test]
    fn pages_through_everything_once() {
        let map = map();
        let mut token = String::new();
        let mut seen: Vec<u32> = Vec::new();
        loop {
            let page = call(0, &token).page(&map, |_| true).unwrap();
            assert!(page.items.len() <= 2);
            seen.extend(page.items.into_iter().copied());
            if page.next_page_token.is_empty() {
                break;
            }
            token = page.next_page_token;
        }
        assert_eq!(seen, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn caps_sizes_and_refuses_bad_input() {
        let map = map();
        assert_eq!(call(50, "").page(&map, |_| true).unwrap().items.len(), 3);
        assert_eq!(
            call(-1, "").page(&map, |_| true).err().unwrap().status.code,
            Code::InvalidArgument
        );
        assert_eq!(
            call(1, "garbage!")
                .page(&map, |_| true)
                .err()
                .unwrap()
                .status
                .code,
            Code::InvalidArgument
        );
        let foreign = URL_SAFE_NO_PAD.encode("others.list\nthings/1");
        assert!(call(1, &foreign).page(&map, |_| true).is_err());
        let exact = call(7, "").page(&map, |_| true).unwrap();
        assert_eq!(exact.items.len(), 3);
        let last = call(3, &exact.next_page_token)
            .page(&map, |_| true)
            .unwrap();
        let last = call(3, &last.next_page_token).page(&map, |_| true).unwrap();
        assert_eq!(last.items, vec![&6]);
        assert!(last.next_page_token.is_empty());
    }
}
