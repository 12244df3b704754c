//! Namespaces of generated Rust names. Every name the generator will write
//! (types, fields, variants, methods, constants) is claimed in its namespace
//! first, so one that is not a usable identifier, that the generated code
//! already uses, or that another spec element also becomes, is reported at
//! the spec element it comes from, with the other one shown and a fix.

use std::collections::HashMap;

use crate::diagnostic::Diagnostics;
use crate::names::{self, reserved::Reserved};
use crate::spec::Text;

/// One namespace: a struct's fields, an enum's variants, a type's methods,
/// the types of a module.
pub struct Namespace {
    /// What the names are, e.g. `Rust field`.
    what: &'static str,
    /// Names the generated code itself uses here, each with what uses it.
    reserved: &'static [&'static [Reserved]],
    taken: HashMap<String, Text>,
}

impl Namespace {
    /// An empty namespace of `what` (e.g. `variant`) where the generated
    /// code already uses the `reserved` names (each with a reason).
    pub fn new(what: &'static str, reserved: &'static [&'static [Reserved]]) -> Self {
        Self {
            what,
            reserved,
            taken: HashMap::new(),
        }
    }

    /// Whether `rust` is taken (by the spec or by the generated code).
    pub fn contains(&self, rust: &str) -> bool {
        self.taken.contains_key(rust) || self.reserved(rust).is_some()
    }

    /// What the generated code uses `rust` for here, if it does.
    fn reserved(&self, rust: &str) -> Option<&'static str> {
        self.reserved
            .iter()
            .flat_map(|table| table.iter())
            .find(|(name, _)| *name == rust)
            .map(|(_, why)| *why)
    }

    /// Claims `rust` for the spec element `source`, the text it is derived
    /// from. Reports (at `source`) a name that is not an identifier, is
    /// reserved or is taken; `fix` says how to choose another. Returns
    /// whether the name is good.
    pub fn claim(
        &mut self,
        rust: &str,
        source: &Text,
        fix: &str,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        let what = self.what;
        // Why the name cannot be used at all, said of the name itself when
        // it is written as is, else of the spec text it comes from.
        let refusal = |own: String, derived: String| {
            if rust == source.value {
                format!("`{rust}` cannot be a {what}: {own}")
            } else {
                format!(
                    "`{}` becomes the {what} `{rust}`, which {derived}",
                    source.value
                )
            }
        };
        let refused = if let Some(problem) = names::ident_problem(rust) {
            Some(refusal(
                problem.to_string(),
                format!("is not a Rust name: {problem}"),
            ))
        } else {
            self.reserved(rust).map(|why| {
                refusal(
                    format!("the generated code uses it {why}"),
                    format!("the generated code uses {why}"),
                )
            })
        };
        if let Some(message) = refused {
            diagnostics.push(source.at.error(message).with_help(fix.to_owned()));
            return false;
        }
        if let Some(first) = self.taken.get(rust) {
            let (message, note) = if first.value == source.value {
                (
                    format!("`{}` is declared twice", source.value),
                    "first declared here".to_owned(),
                )
            } else {
                (
                    format!(
                        "`{}` and `{}` both become the {what} `{rust}`",
                        source.value, first.value
                    ),
                    format!("`{}` is here", first.value),
                )
            };
            diagnostics.push(
                source
                    .at
                    .error(message)
                    .with_note(&first.at.loc, note)
                    .with_help(fix.to_owned()),
            );
            return false;
        }
        self.taken.insert(rust.to_owned(), source.clone());
        true
    }
}
