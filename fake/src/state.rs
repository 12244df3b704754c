//! Everything the fake remembers, keyed by resource name.

use std::collections::BTreeMap;

use gemini_v1beta::types::{
    CachedContent, Chunk, Corpus, Document, File, Operation, Permission, TunedModel,
};
use gemini_v1beta::Timestamp;

use crate::clock::Clock;
use crate::keys::ApiKeys;
use crate::script::Queues;
use crate::tuning::Tuning;

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
    /// How long an uploaded file stays PROCESSING before it is ACTIVE.
    pub(crate) file_processing: std::time::Duration,
    /// How long tuning jobs take, and the running ones.
    pub(crate) tuning: Tuning,
    /// Scripted answers queued for models.
    pub(crate) scripts: Queues,
    /// The API keys requests must carry.
    pub(crate) api_keys: ApiKeys,
    /// Where this fake is reachable (`http://host:port`), once known; used in file URIs.
    pub(crate) base_url: Option<String>,
    /// The time everything goes by.
    pub(crate) clock: Clock,
    /// Where the ids the fake makes up come from (seeded by [`crate::Fake::seed`]).
    pub(crate) ids: fastrand::Rng,
}

/// A file, its bytes, and when it is done processing.
#[derive(Clone, Debug, Default)]
pub(crate) struct StoredFile {
    pub(crate) file: File,
    pub(crate) bytes: Vec<u8>,
    /// When the file turns from PROCESSING to ACTIVE.
    pub(crate) active_at: Timestamp,
}

impl State {
    /// Brings what changes with time up to the clock's present: expired
    /// caches and files go, processed files turn ACTIVE, tuning jobs
    /// progress or finish.
    pub(crate) fn catch_up(&mut self) {
        let now = self.clock.now();
        self.drop_expired_caches(now);
        self.drop_expired_files(now);
        self.finish_processing_files(now);
        self.advance_tuning(now);
    }

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
