//! How proto names become spec names: types, type files, resources and
//! their files, and the extensions the importer reads by name.

use heck::{ToLowerCamelCase, ToSnakeCase};
use prost_reflect::{
    DescriptorPool, DynamicMessage, ExtensionDescriptor, FileDescriptor, ServiceDescriptor, Value,
};

/// Whether a package part is an API version (`v1`, `v1beta`, `v2alpha1`).
pub(crate) fn is_version(part: &str) -> bool {
    let mut chars = part.chars();
    chars.next() == Some('v') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// A type's spec name: its full name without its package
/// (`example.library.v1.Book.Format` is
/// `Book.Format`; `google.longrunning.Operation` is `Operation`).
/// A part the spec accepts as a type name is kept as written, acronyms
/// included (`OAuthToken`); any other is written in UpperCamelCase
/// (`http_proxy` is `HttpProxy`): a type's name never reaches the wire.
pub(crate) fn spec_type(full_name: &str, package: &str) -> String {
    let name = if package.is_empty() {
        full_name
    } else {
        full_name
            .strip_prefix(package)
            .and_then(|rest| rest.strip_prefix('.'))
            .unwrap_or(full_name)
    };
    name.split('.')
        .map(|part| match apigen::names::is_upper_camel(part) {
            true => part.to_owned(),
            false => apigen::names::fix_upper_camel(part).unwrap_or_else(|| part.to_owned()),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// How a spec file in package `from` names a type: by its spec name within
/// its own package (or when the type has none), by its full name
/// (`google.longrunning.Operation`) across packages; well-known types keep
/// their full name.
pub(crate) fn type_reference(full_name: &str, package: &str, from: &str) -> String {
    if full_name.starts_with("google.protobuf.") {
        return full_name.to_owned();
    }
    let name = spec_type(full_name, package);
    match package.is_empty() || package == from {
        true => name,
        false => format!("{package}.{name}"),
    }
}

/// The spec file of a proto file's types: `types/{stem}.yaml` for a file
/// of the API's package, `types/google_{last part}.yaml` (or
/// `types/{last part}.yaml`) for a package it imports.
pub(crate) fn type_file(file: &FileDescriptor, api_package: &str) -> String {
    if file.package_name() == api_package {
        let stem = file.name().rsplit('/').next().unwrap_or("types");
        let stem = stem.strip_suffix(".proto").unwrap_or(stem);
        return format!("types/{}.yaml", stem.to_snake_case());
    }
    let parts: Vec<&str> = file
        .package_name()
        .split('.')
        .filter(|part| !is_version(part))
        .collect();
    match parts.as_slice() {
        ["google", .., last] => format!("types/google_{}.yaml", last.to_snake_case()),
        [.., last] => format!("types/{}.yaml", last.to_snake_case()),
        [] => "types/types.yaml".to_owned(),
    }
}

/// The spec file of a resource group: `resources/{snake of the top resource}.yaml`.
pub(crate) fn resource_file(resource: &str) -> String {
    let top = resource.split('.').next().unwrap_or(resource);
    format!("resources/{}.yaml", top.to_snake_case())
}

/// A oneof's spec name: the lowerCamel form of its proto name.
pub(crate) fn oneof_name(proto: &str) -> String {
    proto.to_lower_camel_case()
}

/// An extension of the protos by full name (`google.api.http`), when some file declares it.
pub(crate) fn extension(pool: &DescriptorPool, name: &str) -> Option<ExtensionDescriptor> {
    pool.get_extension_by_name(name)
}

/// The value of an extension option, when it is set.
pub(crate) fn option_value(
    pool: &DescriptorPool,
    options: &DynamicMessage,
    name: &str,
) -> Option<Value> {
    let extension = extension(pool, name)?;
    options
        .has_extension(&extension)
        .then(|| options.get_extension(&extension).into_owned())
}

/// A service's `google.api.default_host`.
pub(crate) fn default_host(pool: &DescriptorPool, service: &ServiceDescriptor) -> Option<String> {
    match option_value(pool, &service.options(), "google.api.default_host")? {
        Value::String(host) if !host.is_empty() => Some(host),
        _ => None,
    }
}
