//! `google.protobuf.FieldMask`: in JSON one string of comma-separated paths in
//! lowerCamelCase, e.g. `"displayName,metadata.labels"`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A set of field paths, as proto (snake_case) names, e.g. `display_name`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldMask {
    /// The paths in snake_case; nested fields are joined with `.`.
    pub paths: Vec<String>,
}

impl FieldMask {
    /// A mask of the given paths (snake_case or camelCase; both are accepted).
    pub fn new<I, S>(paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            paths: paths
                .into_iter()
                .map(|path| to_snake(&path.into()))
                .collect(),
        }
    }

    /// The JSON text form: camelCase paths joined with commas.
    pub fn to_json_text(&self) -> String {
        self.paths
            .iter()
            .map(|path| to_camel(path))
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn to_camel(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut upper = false;
    for c in path.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn to_snake(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl Serialize for FieldMask {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_json_text())
    }
}

impl<'de> Deserialize<'de> for FieldMask {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'_, str>>::deserialize(deserializer)?;
        Ok(Self::new(
            text.split(',')
                .map(str::trim)
                .filter(|path| !path.is_empty()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_between_snake_and_camel() {
        let mask = FieldMask::new(["display_name", "metadata.custom_labels", "ttl"]);
        assert_eq!(mask.to_json_text(), "displayName,metadata.customLabels,ttl");
        let back: FieldMask =
            serde_json::from_str("\"displayName,metadata.customLabels,ttl\"").unwrap();
        assert_eq!(back, mask);
    }
}
