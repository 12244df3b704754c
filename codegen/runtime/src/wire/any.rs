//! `google.protobuf.Any`: a JSON object whose `@type` names the message type.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A message of any type, tagged with its type URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Any {
    /// The type URL, e.g. `type.googleapis.com/google.rpc.ErrorInfo`.
    pub type_url: String,
    /// The message's own fields (everything but `@type`).
    pub fields: Map<String, Value>,
}

impl Any {
    /// The message type name: the part of the type URL after the last `/`.
    pub fn type_name(&self) -> &str {
        self.type_url.rsplit('/').next().unwrap_or_default()
    }

    /// Decodes the fields as the message `M`.
    pub fn decode<M: crate::json::Message>(&self) -> Result<M, crate::json::DecodeError> {
        crate::json::from_object(&self.fields)
    }

    /// Wraps a message under the given type URL.
    pub fn encode<M: crate::json::Message>(type_url: impl Into<String>, message: &M) -> Self {
        let fields = match crate::json::to_value(message) {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        Self {
            type_url: type_url.into(),
            fields,
        }
    }
}

impl Serialize for Any {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Map::with_capacity(self.fields.len() + 1);
        object.insert("@type".to_owned(), Value::String(self.type_url.clone()));
        object.extend(
            self.fields
                .iter()
                .map(|(key, value)| (key.clone(), value.clone())),
        );
        object.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Map::deserialize(deserializer)?;
        let type_url = match fields.remove("@type") {
            Some(Value::String(type_url)) => type_url,
            Some(_) => return Err(serde::de::Error::custom("`@type` must be a string")),
            None => String::new(),
        };
        Ok(Self { type_url, fields })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_type_and_fields() {
        let input = json!({"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"});
        let any: Any = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(any.type_name(), "google.rpc.ErrorInfo");
        assert_eq!(serde_json::to_value(&any).unwrap(), input);
    }
}
