//! The type index: every message and enum by spec name, with its Rust path,
//! and the Rust names each module holds checked for collisions. Lowering
//! messages, fields and enums is in the submodules.

mod enums;
mod fields;
mod messages;
mod name_forms;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::rust_names::Namespace;
use super::suggest;
use crate::diagnostic::{Diagnostics, Reported};
use crate::model::{Scalar, TypePath, TypeRef, WellKnown};
use crate::names::{self, reserved};
use crate::spec::{self, At, Spec, SpecFile, Text};
pub use enums::{resolve_enum, variant_name};
use name_forms::{check_type_name, check_type_rust_name, is_json_name};

/// How to free the name of a oneof's enum in its message's module.
const ONEOF_TYPE_FIX: &str = "rename the oneof or the nested type: the oneof's enum is its name in UpperCamelCase, in the message's module";

/// How to part two type names that differ only in how their acronyms are
/// capitalized (`HTTPRequest`, `HttpRequest`).
const SNAKE_FORM_FIX: &str = "rename one of the types or give it a `rust_name`: a type's module and the names that refer to it are its Rust name in snake_case, where `HTTPRequest` and `HttpRequest` are both `http_request`";

/// What a type name refers to.
#[derive(Clone, Copy)]
pub enum Declared<'s> {
    /// A message.
    Message(&'s spec::Message),
    /// An enum.
    Enum(&'s spec::Enum),
}

/// Every message and enum by spec name, with its Rust path.
pub struct TypeIndex<'s> {
    types: BTreeMap<&'s str, (Declared<'s>, TypePath)>,
    /// The module of each message that gets one (`part` for `Part`): one
    /// with oneofs or nested types.
    message_modules: HashMap<&'s str, String>,
    /// The package of each type whose file has one (the spec's own files).
    packages: HashMap<&'s str, &'s str>,
    /// The packages of the shared spec in use, whose types go by full name.
    shipped_packages: BTreeSet<&'s str>,
    spec: &'s Spec,
}

impl<'s> TypeIndex<'s> {
    /// Indexes the spec's types, reporting duplicate and badly formed names,
    /// nested types without their parent, and every Rust type or module name
    /// that collides in its module.
    pub fn build(spec: &'s Spec, diagnostics: &mut Diagnostics) -> Self {
        let declared = declare(spec, diagnostics);
        let mut types = BTreeMap::new();
        let mut children: HashSet<&str> = HashSet::new();
        // A type whose name is refused is still indexed, so that references
        // to it add no errors of their own; only the others claim Rust names.
        let mut refused: HashSet<&str> = HashSet::new();
        let rust_names = rust_type_names(&declared, diagnostics);
        for (name, (item, file)) in &declared {
            let local = local_name(spec, name, file);
            match place(name, local, item, file, &declared, diagnostics) {
                Placement::Refused => {
                    refused.insert(name);
                }
                Placement::Nested(parent) => {
                    children.insert(parent);
                }
                Placement::TopLevel => {}
            }
            let path = type_path(name, local, item, &rust_names);
            if path.provided.is_some() {
                // Provided by the runtime: it claims no name in the crate.
                refused.insert(name);
            }
            types.insert(*name, (*item, path));
        }
        let message_modules = message_modules(&types, &children);
        let packages = declared
            .iter()
            .filter(|(_, (_, file))| !file.shared)
            .filter_map(|(name, (_, file))| Some((*name, spec.package_of(file)?)))
            .collect();
        let shipped_packages = declared
            .values()
            .filter(|(_, file)| file.shared)
            .filter_map(|(_, file)| spec.package_of(file))
            .collect();
        let index = Self {
            types,
            message_modules,
            packages,
            shipped_packages,
            spec,
        };
        index.check_module_names(&children, &refused, diagnostics);
        index
    }

    /// Claims, module by module, the Rust name of every type, oneof enum and
    /// message module that the module holds.
    fn check_module_names(
        &self,
        children: &HashSet<&str>,
        refused: &HashSet<&str>,
        diagnostics: &mut Diagnostics,
    ) {
        let mut claimed = ModuleNames::new(children);
        self.claim_package_modules(&mut claimed, diagnostics);
        for (name, (item, path)) in &self.types {
            if refused.contains(name) {
                continue;
            }
            let parent = enclosing(name);
            claimed.claim_type(parent, path, item.name(), diagnostics);
            let Declared::Message(message) = item else {
                continue;
            };
            if let Some(module) = self.message_modules.get(name) {
                claimed.claim_message_module(parent, module, message, diagnostics);
            }
            claimed.claim_oneof_enums(name, message, diagnostics);
        }
    }

    /// Claims the top-level module of each shipped package with generated
    /// types, said of the package where its first type is declared. They
    /// come first, so that a message module of the spec that meets one is
    /// the one reported.
    fn claim_package_modules(
        &self,
        claimed: &mut ModuleNames<'s, '_>,
        diagnostics: &mut Diagnostics,
    ) {
        let mut packages = BTreeSet::new();
        for (name, (item, path)) in &self.types {
            let package = enclosing(name);
            if path.provided.is_none()
                && self.shipped_packages.contains(package)
                && packages.insert(package)
            {
                let package_text = Text {
                    value: package.to_owned(),
                    at: item.name().at.clone(),
                };
                claimed
                    .modules("")
                    .claim(&path.modules[0], &package_text, "", diagnostics);
            }
        }
    }

    /// Whether a reference to `name` that finds nothing is a problem of its
    /// own (see [`Spec::reports_unknown`]).
    pub fn reports_unknown(&self, name: &str) -> bool {
        self.spec.reports_unknown(name)
    }

    /// Every declared type name.
    pub fn names(&self) -> impl Iterator<Item = &'s str> + Clone + '_ {
        self.types.keys().copied()
    }

    /// Every declared message name.
    pub fn message_names(&self) -> impl Iterator<Item = &'s str> + Clone + '_ {
        self.types
            .iter()
            .filter(|(_, (declared, _))| matches!(declared, Declared::Message(_)))
            .map(|(name, _)| *name)
    }

    /// The message with this name.
    pub fn message(&self, name: &str) -> Option<&'s spec::Message> {
        match self.lookup(name) {
            Some((Declared::Message(message), _)) => Some(message),
            _ => None,
        }
    }

    /// The enum with this name.
    pub fn enumeration(&self, name: &str) -> Option<&'s spec::Enum> {
        match self.lookup(name) {
            Some((Declared::Enum(enumeration), _)) => Some(enumeration),
            _ => None,
        }
    }

    /// The Rust path of the type with this spec name.
    pub fn path(&self, name: &str) -> Option<&TypePath> {
        self.lookup(name).map(|(_, path)| path)
    }

    /// The type a name refers to: its spec name, or its full name
    /// (`package.Name`) when its file has a package.
    fn lookup(&self, name: &str) -> Option<&(Declared<'s>, TypePath)> {
        if let Some(found) = self.types.get(name) {
            return Some(found);
        }
        let (package, local) = split_package(name)?;
        let found = self.types.get_key_value(local)?;
        (self.packages.get(found.0) == Some(&package)).then_some(found.1)
    }

    /// The path of a declared type; for one whose name was refused (and
    /// reported), its spec name stands in, as the model is not used then.
    pub fn declared_path(&self, name: &Text) -> TypePath {
        self.path(&name.value).cloned().unwrap_or_else(|| TypePath {
            spec_name: name.value.clone(),
            modules: Vec::new(),
            rust_name: name.value.clone(),
            provided: None,
        })
    }

    /// The type a name refers to, without reporting anything (callers that
    /// need the error already got it when the field was resolved).
    pub fn peek_type(&self, text: &Text) -> Option<TypeRef> {
        self.resolve_type(text, &mut Diagnostics::default()).ok()
    }

    /// The Rust name of a field: its `rust_name`, or the snake_case JSON name.
    pub fn rust_field_name(&self, field: &spec::Field) -> String {
        field.rust_name.as_ref().map_or_else(
            || names::snake(&field.name.value),
            |name| name.value.clone(),
        )
    }

    /// Whether a type of this name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.lookup(name).is_some()
    }

    /// Resolves a type name, or reports it as unknown.
    pub fn resolve_type(
        &self,
        text: &Text,
        diagnostics: &mut Diagnostics,
    ) -> Result<TypeRef, Reported> {
        let name = text.value.as_str();
        if let Some(scalar) = Scalar::from_spec(name) {
            return Ok(TypeRef::Scalar(scalar));
        }
        if let Some(known) = WellKnown::from_spec(name) {
            return Ok(TypeRef::WellKnown(known));
        }
        if let Some((package, local)) = split_package(name) {
            self.check_packaged(text, package, local, diagnostics)?;
        }
        match self.lookup(name) {
            Some((Declared::Message(_), path)) => Ok(TypeRef::Message(path.clone())),
            Some((Declared::Enum(_), path)) => Ok(TypeRef::Enum(path.clone())),
            // Missing, or declared where the spec could not be read: reported when read.
            None if !self.reports_unknown(name) => Err(diagnostics
                .reported_before(|| text.at.error(format!("the type `{name}` was not read")))),
            None => {
                let diagnostic = text.at.error(format!("unknown type `{name}`"));
                Err(diagnostics.report(match suggest::type_name(name, self.names(), suggest::Expected::AnyType) {
                    Some(help) => diagnostic.with_help(help),
                    None => diagnostic.with_help(
                        "use a scalar (`string`, `int32`, …), a `google.protobuf.…` type, or a message or enum declared in the spec",
                    ),
                }))
            }
        }
    }
}

impl TypeIndex<'_> {
    /// Reports a full name whose package no file has, or whose package has
    /// no type of that name.
    fn check_packaged(
        &self,
        text: &Text,
        package: &str,
        local: &str,
        diagnostics: &mut Diagnostics,
    ) -> Result<(), Reported> {
        if self.shipped_packages.contains(package) {
            // Found by full name, or reported as an unknown type.
            return Ok(());
        }
        if let Some(named) = self.spec.shared_left_out.get(package) {
            let diagnostic = text.at.error(format!(
                "`{}` is in apigen's shared `{package}`, which is left out: it names types of `{named}`, which the spec declares itself",
                text.value
            ));
            let help = format!("declare the `{package}` types you need in the spec too, or stop declaring `{named}` and use the shared one");
            return Err(diagnostics.report(diagnostic.with_help(help)));
        }
        let known: BTreeSet<&str> = self.packages.values().copied().collect();
        // Without packages in the spec, a dotted name is an unknown type.
        if !known.is_empty() && !known.contains(package) {
            let listed = known
                .iter()
                .map(|known| format!("`{known}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let help = suggest::type_name(&text.value, self.names(), suggest::Expected::AnyType)
                .unwrap_or_else(|| {
                    format!("the spec's packages are {listed}; or write the type's name alone")
                });
            let diagnostic = text
                .at
                .error(format!("unknown package `{package}` in `{}`", text.value));
            return Err(diagnostics.report(diagnostic.with_help(help)));
        }
        match self.packages.get(local) {
            Some(found) if *found == package => Ok(()),
            Some(found) => Err(diagnostics.report(
                text.at
                    .error(format!(
                        "`{local}` is in package `{found}`, not `{package}`"
                    ))
                    .with_help(format!("write `{found}.{local}`, or `{local}` alone")),
            )),
            // Unknown in the package: reported as an unknown type.
            None => Ok(()),
        }
    }
}

/// Splits a full name into its package (the leading lowercase segments) and
/// the type's name within it; `None` for a name without a package.
pub fn split_package(name: &str) -> Option<(&str, &str)> {
    let start = name
        .match_indices('.')
        .map(|(dot, _)| dot + 1)
        .find(|&after| name[after..].starts_with(|c: char| c.is_ascii_uppercase()))?;
    let package = &name[..start - 1];
    spec::values::is_package_name(package).then(|| (package, &name[start..]))
}

/// Every message and enum by spec name, with its file; reports a name
/// declared twice.
fn declare<'s>(
    spec: &'s Spec,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<&'s str, (Declared<'s>, &'s SpecFile)> {
    let mut declared: BTreeMap<&'s str, (Declared<'s>, &'s SpecFile)> = BTreeMap::new();
    for file in &spec.files {
        let messages = file
            .messages
            .iter()
            .map(|message| (&message.name, Declared::Message(message)));
        let enums = file
            .enums
            .iter()
            .map(|enumeration| (&enumeration.name, Declared::Enum(enumeration)));
        for (name, item) in messages.chain(enums) {
            if let Some((first, first_file)) = declared.get(name.value.as_str()) {
                let packages = (spec.package_of(first_file), spec.package_of(file));
                diagnostics.push(match packages {
                    (Some(first_package), Some(package)) if first_package != package => name
                        .at
                        .error(format!(
                            "`{package}.{0}` has the same name as `{first_package}.{0}`",
                            name.value
                        ))
                        .with_note(&first.at().loc, format!("`{first_package}.{}` is here", name.value))
                        .with_help("a type's name alone must be unique across the spec, whatever its package: rename one of them"),
                    _ => name
                        .at
                        .error(format!("type `{}` is declared twice", name.value))
                        .with_note(&first.at().loc, "first declared here")
                        .with_help("rename one of them, or remove one"),
                });
                continue;
            }
            declared.insert(&name.value, (item, file));
        }
    }
    declared
}

impl<'s> Declared<'s> {
    /// The declared name.
    fn name(&self) -> &'s Text {
        match self {
            Declared::Message(message) => &message.name,
            Declared::Enum(enumeration) => &enumeration.name,
        }
    }

    /// The runtime's type that stands for it, if any.
    fn rust_type(&self) -> Option<&'s Text> {
        match self {
            Declared::Message(message) => message.rust_type.as_ref(),
            Declared::Enum(enumeration) => enumeration.rust_type.as_ref(),
        }
    }

    /// The Rust name the spec gives it, if any.
    fn rust_name(&self) -> Option<&'s Text> {
        match self {
            Declared::Message(message) => message.rust_name.as_ref(),
            Declared::Enum(enumeration) => enumeration.rust_name.as_ref(),
        }
    }

    /// Where the name is declared.
    fn at(&self) -> &'s At {
        &self.name().at
    }
}

/// The spec name of a type within its package: a shipped type's name is
/// its full name, the package left out here; any other's is as declared.
fn local_name<'n>(spec: &Spec, name: &'n str, file: &SpecFile) -> &'n str {
    match spec.package_of(file).filter(|_| file.shared) {
        Some(package) => &name[package.len() + 1..],
        None => name,
    }
}

/// Where a type goes among the others, as its name says.
enum Placement<'s> {
    /// Nowhere: its name is badly formed, or its parent is not a message of its file.
    Refused,
    /// At the top level.
    TopLevel,
    /// In the module of this message.
    Nested(&'s str),
}

/// Checks the name of the type `item` declared as `name` (`local` within
/// its package) in `file`, and where it places the type: a nested type's
/// parent must be a message of the same file. A shipped type's name is
/// checked by apigen's own tests.
fn place<'s>(
    name: &'s str,
    local: &str,
    item: &Declared<'s>,
    file: &SpecFile,
    declared: &BTreeMap<&'s str, (Declared<'s>, &'s SpecFile)>,
    diagnostics: &mut Diagnostics,
) -> Placement<'s> {
    let text = item.name();
    if !file.shared && !check_type_name(text, diagnostics) {
        return Placement::Refused;
    }
    let Some((parent, _)) = name.rsplit_once('.').filter(|_| local.contains('.')) else {
        return Placement::TopLevel;
    };
    match declared.get(parent) {
        Some((Declared::Message(_), parent_file)) if parent_file.path == file.path => {
            Placement::Nested(parent)
        }
        found => {
            let found = found.map(|(item, file)| (*item, file.path.as_str()));
            diagnostics.push(nested_without_parent(text, parent, found));
            Placement::Refused
        }
    }
}

/// The Rust path of the type `item` declared as `name` (`local` within its
/// package). A generated shipped type lives in its package's module; each
/// enclosing message's module follows its Rust name.
fn type_path(
    name: &str,
    local: &str,
    item: &Declared<'_>,
    rust_names: &HashMap<&str, String>,
) -> TypePath {
    let provided = item.rust_type().map(|rust_type| rust_type.value.clone());
    let package_len = name.len() - local.len();
    let package_module = (package_len > 0 && provided.is_none())
        .then(|| names::package_module(&name[..package_len - 1]));
    let modules = package_module
        .into_iter()
        .chain(local.match_indices('.').map(|(end, _)| {
            let parent = &name[..package_len + end];
            names::snake(rust_names.get(parent).map_or("", String::as_str))
        }))
        .collect();
    TypePath {
        spec_name: name.to_owned(),
        modules,
        rust_name: rust_names[name].clone(),
        provided,
    }
}

/// The module of each message that gets one (one with oneofs or nested
/// types, `children`), by spec name; a provided type's modules are the runtime's.
fn message_modules<'s>(
    types: &BTreeMap<&'s str, (Declared<'s>, TypePath)>,
    children: &HashSet<&str>,
) -> HashMap<&'s str, String> {
    types
        .iter()
        .filter(|(_, (_, path))| path.provided.is_none())
        .filter(|(name, (item, _))| match item {
            Declared::Message(message) => !message.oneofs.is_empty() || children.contains(*name),
            Declared::Enum(_) => false,
        })
        .map(|(name, (_, path))| (*name, names::snake(&path.rust_name)))
        .collect()
}

/// What `name` is declared in: the spec name of its enclosing message
/// ("" at the top level), or for a shipped type its package.
fn enclosing(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(parent, _)| parent)
}

/// The Rust names claimed so far, module by module: each module is keyed by
/// the spec name of its message ("" for the top level).
struct ModuleNames<'s, 'c> {
    /// The messages with nested types.
    children: &'c HashSet<&'s str>,
    /// The types' and oneof enums' names.
    types: HashMap<&'s str, Namespace>,
    /// The message and package modules' names.
    modules: HashMap<&'s str, Namespace>,
    /// The types' names in snake_case, which name their modules.
    snake_forms: HashMap<&'s str, Namespace>,
}

impl<'s, 'c> ModuleNames<'s, 'c> {
    /// No names claimed yet; `children` are the messages with nested types.
    fn new(children: &'c HashSet<&'s str>) -> Self {
        Self {
            children,
            types: HashMap::new(),
            modules: HashMap::new(),
            snake_forms: HashMap::new(),
        }
    }

    /// The type namespace of the module of the message `scope` ("" for the
    /// top level): a module of oneof enums only may use names such as
    /// `Result`, which the code of a module with nested types (or the top
    /// level) uses.
    fn types(&mut self, scope: &'s str) -> &mut Namespace {
        let children = self.children;
        self.types.entry(scope).or_insert_with(|| {
            let only_oneofs = !scope.is_empty() && !children.contains(scope);
            let reserved = if only_oneofs {
                reserved::TYPES_IN_ONEOF_MODULES
            } else {
                reserved::TYPES
            };
            Namespace::new("type", reserved)
        })
    }

    /// The module namespace of the module of the message `scope` ("" for the top level).
    fn modules(&mut self, scope: &'s str) -> &mut Namespace {
        (self.modules.entry(scope))
            .or_insert_with(|| Namespace::new("module", &[reserved::TYPE_MODULES]))
    }

    /// Claims the Rust name of a type declared as `source` in `parent`'s
    /// module, and then its snake_case form: two types of one Rust name are
    /// reported once, not again for their snake_case form.
    fn claim_type(
        &mut self,
        parent: &'s str,
        path: &TypePath,
        source: &Text,
        diagnostics: &mut Diagnostics,
    ) {
        let fix = type_fix(parent);
        if self
            .types(parent)
            .claim(&path.rust_name, source, fix, diagnostics)
        {
            (self.snake_forms.entry(parent))
                .or_insert_with(|| Namespace::new("snake_case name", &[]))
                .claim(
                    &names::snake(&path.rust_name),
                    source,
                    SNAKE_FORM_FIX,
                    diagnostics,
                );
        }
    }

    /// Claims the name of the module of `message` in `parent`'s module.
    fn claim_message_module(
        &mut self,
        parent: &'s str,
        module: &str,
        message: &spec::Message,
        diagnostics: &mut Diagnostics,
    ) {
        self.modules(parent).claim(
            module,
            &message.name,
            "rename the message: its module (for its oneof enums and nested types) is its name in snake_case",
            diagnostics,
        );
    }

    /// Claims the enum of each of `message`'s oneofs (declared as `name`)
    /// in the message's module; a oneof whose name the format does not allow
    /// (reported when the message is lowered) has none.
    fn claim_oneof_enums(
        &mut self,
        name: &'s str,
        message: &spec::Message,
        diagnostics: &mut Diagnostics,
    ) {
        for oneof in &message.oneofs {
            if is_json_name(&oneof.name.value) {
                self.types(name).claim(
                    &oneof_type_name(oneof),
                    &oneof.name,
                    ONEOF_TYPE_FIX,
                    diagnostics,
                );
            }
        }
    }
}

/// How to free a type name in the module of `parent` ("" for the top level).
fn type_fix(parent: &str) -> &'static str {
    if parent.is_empty() {
        "rename the type, or give it a `rust_name`"
    } else {
        "rename the nested type (or give it a `rust_name`) or the oneof: in a message's module each needs a name of its own"
    }
}

/// The Rust name of every declared type: its `rust_name`, or else the last
/// part of its spec name. A `rust_name` of the wrong form is reported, and
/// the spec name stands in for it.
fn rust_type_names<'s>(
    declared: &BTreeMap<&'s str, (Declared<'s>, &'s SpecFile)>,
    diagnostics: &mut Diagnostics,
) -> HashMap<&'s str, String> {
    declared
        .iter()
        .map(|(name, (item, _))| {
            let given = item
                .rust_name()
                .filter(|given| check_type_rust_name(given, diagnostics));
            let own = name.rsplit('.').next().unwrap_or(name);
            (*name, given.map_or(own, |given| &given.value).to_owned())
        })
        .collect()
}

/// The Rust enum of a oneof, in its message's module: its name in UpperCamelCase.
fn oneof_type_name(oneof: &spec::Oneof) -> String {
    names::upper_camel(&oneof.name.value)
}

/// A nested type (`Parent.Child`) whose parent is not a message of its file.
fn nested_without_parent(
    name: &Text,
    parent: &str,
    found: Option<(Declared<'_>, &str)>,
) -> crate::diagnostic::Diagnostic {
    let child = &name.value;
    match found {
        None => name
            .at
            .error(format!(
                "`{child}` is nested in `{parent}`, which is not declared"
            ))
            .with_help(format!(
                "declare the message `{parent}` in this file, or drop the `{parent}.` prefix"
            )),
        Some((Declared::Enum(enumeration), _)) => name
            .at
            .error(format!(
                "`{child}` is nested in `{parent}`, which is an enum"
            ))
            .with_note(&enumeration.name.at.loc, format!("`{parent}` is here"))
            .with_help(
                "only a message holds nested types: nest it in a message, or make it top-level",
            ),
        Some((Declared::Message(message), file)) => name
            .at
            .error(format!(
                "`{child}` is nested in `{parent}`, which is declared in another file ({file})"
            ))
            .with_note(&message.name.at.loc, format!("`{parent}` is here"))
            .with_help(format!(
                "move `{child}` into the file that declares `{parent}`"
            )),
    }
}
