//! List methods as streams: every page, or every item of every page,
//! fetched lazily as the stream is read.

use std::pin::Pin;

use futures_core::Stream;
use futures_util::stream::{self, StreamExt};

use crate::binding::Binding;
use crate::error::Error;
use crate::json::Message;
use crate::transcode::encode;
use crate::transport::{decode_json, Transport};

/// A boxed stream of results, as the paging helpers return.
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

impl Transport {
    /// Calls a list method again and again, following `nextPageToken`, and
    /// yields each page. Stops after the page without a token, or at the
    /// first error.
    pub fn pages<Req, Resp>(
        &self,
        binding: &'static Binding,
        request: Req,
        set_page_token: fn(&mut Req, String),
        next_page_token: fn(&Resp) -> &str,
    ) -> PageStream<Resp>
    where
        Req: Message + Send + 'static,
        Resp: Message + Send + 'static,
    {
        // `None` once the last page (or an error) has been yielded.
        let start = Some((self.clone(), request, None::<String>));
        Box::pin(stream::unfold(start, move |state| async move {
            let (transport, mut request, previous_token) = state?;
            let parts = match encode(binding, &request) {
                Ok(parts) => parts,
                Err(error) => return Some((Err(error), None)),
            };
            let decoded = match transport.fetch(binding, parts).await {
                Ok(answer) => decode_json::<Resp>(binding.method_id, &answer.body),
                Err(error) => Err(error),
            };
            let page = match decoded {
                Ok(page) => page,
                Err(error) => return Some((Err(error), None)),
            };
            let token = next_page_token(&page).to_owned();
            if token.is_empty() {
                return Some((Ok(page), None));
            }
            if previous_token.as_deref() == Some(token.as_str()) {
                let message = format!(
                    "{}: the server sent the same page token twice ({token:?})",
                    binding.method_id
                );
                return Some((Err(Error::InvalidResponse(message)), None));
            }
            set_page_token(&mut request, token.clone());
            Some((Ok(page), Some((transport, request, Some(token)))))
        }))
    }
}

/// Flattens a stream of pages into the items `take` pulls out of each page.
pub fn items<Page, Item>(pages: PageStream<Page>, take: fn(Page) -> Vec<Item>) -> PageStream<Item>
where
    Page: Send + 'static,
    Item: Send + 'static,
{
    Box::pin(pages.flat_map(move |page| {
        let batch: Vec<Result<Item, Error>> = match page {
            Ok(page) => take(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(batch)
    }))
}
