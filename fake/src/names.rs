//! Resource names: checking caller-given ids and making new ones.

use fastrand::Rng;
use gemini_v1beta::server::ServerError;

/// The longest resource id the API accepts.
const MAX_ID_LEN: usize = 40;
/// Length of the random part of a generated id.
const RANDOM_LEN: usize = 12;

/// Whether `id` is a valid id for corpora, documents, chunks and files: 1 to
/// 40 lowercase letters, digits or dashes, neither starting nor ending with a dash.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Whether `id` is a valid tuned model id: like [`is_valid_id`], and starting with a letter.
pub(crate) fn is_valid_tuned_model_id(id: &str) -> bool {
    is_valid_id(id) && id.starts_with(|c: char| c.is_ascii_lowercase())
}

/// A random string of lowercase letters and digits, starting with a letter,
/// drawn from `rng` (the fake's one, seeded or not).
fn random_id(rng: &mut Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..len)
        .map(|i| {
            let pool = if i == 0 { &ALPHABET[..26] } else { ALPHABET };
            char::from(pool[rng.usize(..pool.len())])
        })
        .collect()
}

/// A new id derived from a display name, as the API does: the name in
/// lowercase with runs of other characters turned into dashes, then a dash
/// and a random suffix. Without a usable display name, just the random part.
pub(crate) fn id_from_display_name(rng: &mut Rng, display_name: &str) -> String {
    let mut slug = String::new();
    for c in display_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    // Room for the dash and the random suffix.
    slug.truncate(MAX_ID_LEN - RANDOM_LEN - 1);
    let slug = slug.trim_matches('-');
    let suffix = random_id(rng, RANDOM_LEN);
    if slug.is_empty() || !slug.starts_with(|c: char| c.is_ascii_lowercase()) {
        suffix
    } else {
        format!("{slug}-{suffix}")
    }
}

/// A new random id drawn from `rng`.
pub(crate) fn new_id(rng: &mut Rng) -> String {
    random_id(rng, RANDOM_LEN)
}

/// A new `responseId` drawn from `rng`: 23 letters and digits, as the API's look.
pub(crate) fn response_id(rng: &mut Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..23)
        .map(|_| char::from(ALPHABET[rng.usize(..ALPHABET.len())]))
        .collect()
}

/// Splits `name` into its parent and the id after `/{collection}/`, when
/// `name` is exactly `{parent}/{collection}/{id}` with a valid id.
pub(crate) fn split_child<'n>(name: &'n str, collection: &str) -> Option<(&'n str, &'n str)> {
    let (parent, id) = name.rsplit_once('/')?;
    let parent = parent.strip_suffix(collection)?.strip_suffix('/')?;
    (!parent.is_empty()).then_some((parent, id))
}

/// Checks a caller-given child name `{parent}/{collection}/{id}`: it must be
/// under `parent` and its id must be valid. Answers the id.
pub(crate) fn check_child_name<'n>(
    name: &'n str,
    parent: &str,
    collection: &str,
    what: &str,
) -> Result<&'n str, ServerError> {
    match split_child(name, collection) {
        Some((actual_parent, id)) if actual_parent == parent && is_valid_id(id) => Ok(id),
        Some((actual_parent, _)) if actual_parent != parent => Err(ServerError::invalid_argument(
            format!("{what} name {name:?} is not under {parent:?}"),
        )),
        _ => Err(ServerError::invalid_argument(format!(
            "{what} name {name:?} must be {parent}/{collection}/ID, where ID has 1 to 40 \
             lowercase letters, digits or dashes and neither starts nor ends with a dash"
        ))),
    }
}

/// The prefix shared by every child name of `parent` in `collection`.
pub(crate) fn children_prefix(parent: &str, collection: &str) -> String {
    format!("{parent}/{collection}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("my-corpus-1"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a-"));
        assert!(!is_valid_id("A"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(41)));
        assert!(is_valid_tuned_model_id("m1"));
        assert!(!is_valid_tuned_model_id("1m"));
    }

    #[test]
    fn generated_ids_are_valid() {
        let mut rng = Rng::new();
        for display in ["My Corpus!", "", "***", "9 lives", &"Long ".repeat(20)] {
            let id = id_from_display_name(&mut rng, display);
            assert!(is_valid_tuned_model_id(&id), "{display:?} gave {id:?}");
        }
        assert!(id_from_display_name(&mut rng, "My Corpus!").starts_with("my-corpus-"));
        assert_eq!(new_id(&mut rng).len(), RANDOM_LEN);
    }

    #[test]
    fn a_seed_fixes_the_ids() {
        let draw = |seed| {
            let mut rng = Rng::with_seed(seed);
            [new_id(&mut rng), id_from_display_name(&mut rng, "Notes")]
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn splits_children() {
        assert_eq!(
            split_child("corpora/a/documents/d", "documents"),
            Some(("corpora/a", "d"))
        );
        assert_eq!(split_child("corpora/a", "documents"), None);
        assert_eq!(split_child("documents/d", "documents"), None);
        assert!(check_child_name(
            "corpora/b/documents/d",
            "corpora/a",
            "documents",
            "document"
        )
        .is_err());
        assert!(check_child_name(
            "corpora/a/documents/D",
            "corpora/a",
            "documents",
            "document"
        )
        .is_err());
        assert_eq!(
            check_child_name(
                "corpora/a/documents/d",
                "corpora/a",
                "documents",
                "document"
            )
            .ok(),
            Some("d")
        );
    }
}
