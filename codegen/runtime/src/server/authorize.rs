//! What `Service::authorize` is told about a request before its body is read.

use axum::http::HeaderMap;

/// A request as `Service::authorize` sees it, routed but with its body not
/// read yet: the method it calls, its headers and the resource its path
/// names.
#[derive(Clone, Copy, Debug)]
pub struct AuthorizeRequest<'a> {
    method_id: &'static str,
    headers: &'a HeaderMap,
    path_variables: &'a [(Vec<String>, String)],
}

impl<'a> AuthorizeRequest<'a> {
    /// A request for `method_id` with these headers and the path variables
    /// the router matched (each field path and its decoded value).
    pub fn new(
        method_id: &'static str,
        headers: &'a HeaderMap,
        path_variables: &'a [(Vec<String>, String)],
    ) -> Self {
        Self {
            method_id,
            headers,
            path_variables,
        }
    }

    /// The REST method id, e.g. `shelves.books.get`.
    pub fn method_id(&self) -> &'static str {
        self.method_id
    }

    /// The request's headers (API key, bearer token, …).
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }

    /// The resource the path names: the value of its first variable
    /// (`shelves/c/books/d` for `shelves.books.get`,
    /// `shelves/c` as the parent of `shelves.books.create`); `None`
    /// for a path without one (`models.list`, a media upload).
    pub fn resource_name(&self) -> Option<&'a str> {
        let (_, value) = self.path_variables.first()?;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resource_is_the_first_path_variable() {
        let headers = HeaderMap::new();
        let variables = [
            (vec!["parent".to_owned()], "shelves/c".to_owned()),
            (vec!["other".to_owned()], "x".to_owned()),
        ];
        let request = AuthorizeRequest::new("shelves.books.create", &headers, &variables);
        assert_eq!(request.method_id(), "shelves.books.create");
        assert_eq!(request.resource_name(), Some("shelves/c"));
        let upload = AuthorizeRequest::new("media.upload", &headers, &[]);
        assert_eq!(upload.resource_name(), None);
    }
}
