//! Model names as people write them.

/// The resource name of a model: `gemini-2.5-flash` and
/// `models/gemini-2.5-flash` both give `models/gemini-2.5-flash`; a tuned
/// model's name (`tunedModels/…`) is kept as it is.
pub fn model_name(model: &str) -> String {
    if model.contains('/') {
        model.to_owned()
    } else {
        format!("models/{model}")
    }
}

#[cfg(test)]
mod tests {
    use super::model_name;

    #[test]
    fn a_bare_model_name_gains_its_collection() {
        assert_eq!(model_name("gemini-2.5-flash"), "models/gemini-2.5-flash");
        assert_eq!(
            model_name("models/gemini-2.5-flash"),
            "models/gemini-2.5-flash"
        );
        assert_eq!(model_name("tunedModels/my-model"), "tunedModels/my-model");
    }
}
