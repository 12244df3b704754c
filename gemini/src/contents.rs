//! What a prompt can be written as: text, a file with a question, one turn
//! or a whole conversation.

use gemini_v1beta::types::{Content, File, Part};

use crate::content::{turn, ContentExt, PartExt};

/// The turns of a prompt. Anything that converts into it can be passed to
/// [`ClientExt::generate`](crate::ClientExt::generate) and friends:
///
/// - text (`&str`, `String`): the user's turn saying it;
/// - a [`File`] (`&file`) or a file with text (`(&file, "What is in it?")`):
///   the user's turn showing the file, then asking;
/// - a [`Content`], or several (a `Vec` or an array): those turns as they are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Contents(Vec<Content>);

impl Contents {
    /// The turns, oldest first.
    pub fn into_vec(self) -> Vec<Content> {
        self.0
    }
}

impl From<&str> for Contents {
    fn from(text: &str) -> Self {
        Self(vec![Content::user(text)])
    }
}

impl From<String> for Contents {
    fn from(text: String) -> Self {
        Self(vec![Content::user(text)])
    }
}

impl From<&File> for Contents {
    fn from(file: &File) -> Self {
        Self(vec![turn("user", [Part::from_file(file)])])
    }
}

impl<T: Into<String>> From<(&File, T)> for Contents {
    fn from((file, text): (&File, T)) -> Self {
        let parts = [Part::from_file(file), Part::new().set_text(text)];
        Self(vec![turn("user", parts)])
    }
}

impl From<Content> for Contents {
    fn from(content: Content) -> Self {
        Self(vec![content])
    }
}

impl From<Vec<Content>> for Contents {
    fn from(contents: Vec<Content>) -> Self {
        Self(contents)
    }
}

impl<const N: usize> From<[Content; N]> for Contents {
    fn from(contents: [Content; N]) -> Self {
        Self(contents.into())
    }
}
