//! Everything the fake remembers, keyed by resource name.

use std::collections::BTreeMap;

use gemini_v1beta::types::{
    CachedContent, Chunk, Corpus, Document, File, Operation, Permission, TunedModel,
};

use crate::keys::ApiKeys;
use crate::script::Queues;
use crate::tuned_models::TuningClock;

/// The stored resources. Each map is keyed by full resource name, so the
/// children of a parent are one contiguous range (see [`crate::paging`]).
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) corpora: BTreeMap<String, Corpus>,
    pub(crate) documents: BTreeMap<String, Document>,
    pub(crate) chunks: BTreeMap<String, Chunk>,
    /// Permissions of corpora and of tuned models alike.
    pub(crate) permissions: BTreeMap<String, Permission>,
    /// Cached contents as created, with their contents (answers leave those out).
    pub(crate) cached_contents: BTreeMap<String, CachedContent>,
    pub(crate) files: BTreeMap<String, StoredFile>,
    pub(crate) tuned_models: BTreeMap<String, TunedModel>,
    pub(crate) operations: BTreeMap<String, Operation>,
    /// When tuning jobs finish.
    pub(crate) tuning: TuningClock,
    /// Scripted answers queued for models.
    pub(crate) scripts: Queues,
    /// The API keys requests must carry.
    pub(crate) api_keys: ApiKeys,
    /// Where this fake is reachable (`http://host:port`), once known; used in file URIs.
    pub(crate) base_url: Option<String>,
}

/// A file and its bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct StoredFile {
    pub(crate) file: File,
    pub(crate) bytes: Vec<u8>,
}

impl State {
    /// Removes every entry of `map` whose name starts with `prefix`; answers how many went.
    pub(crate) fn remove_under<T>(map: &mut BTreeMap<String, T>, prefix: &str) -> usize {
        let doomed: Vec<String> = map
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .take_while(|(name, _)| name.starts_with(prefix))
            .map(|(name, _)| name.clone())
            .collect();
        for name in &doomed {
            map.remove(name);
        }
        doomed.len()
    }

    /// Whether `map` has an entry whose name starts with `prefix`.
    pub(crate) fn any_under<T>(map: &BTreeMap<String, T>, prefix: &str) -> bool {
        map.range::<str, _>((
            std::ops::Bound::Included(prefix),
            std::ops::Bound::Unbounded,
        ))
        .next()
        .is_some_and(|(name, _)| name.starts_with(prefix))
    }
}
