//! Doc comments: spec descriptions become `#[doc]` attributes (`///` after formatting).

use proc_macro2::TokenStream;
use quote::quote;

/// `///` lines for a description plus extra paragraphs; empty paragraphs are skipped.
pub fn doc(description: &str, extra: &[String]) -> TokenStream {
    let mut lines: Vec<String> = description
        .lines()
        .map(|line| format!(" {}", line.trim_end()))
        .collect();
    for paragraph in extra.iter().filter(|paragraph| !paragraph.is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph.lines().map(|line| format!(" {line}")));
    }
    quote! { #( #[doc = #lines] )* }
}
