//! The names the generated code itself introduces, scope by scope: one
//! table that resolve's clash checks refuse to give a spec element and the
//! emitters write their own items from. A new generated item whose name a
//! spec element could also take gets its entry here.

/// A name the generated code uses in a scope, with what it uses it for.
pub type Reserved = (&'static str, &'static str);

/// The constructor every message has.
pub const MESSAGE_NEW: Reserved = ("new", "for `Message::new()`");
/// The methods every message has besides its setters and accessors.
pub const MESSAGE_METHODS: &[Reserved] = &[MESSAGE_NEW];

/// The field every message has for the JSON fields it does not know.
pub const UNKNOWN_FIELDS: Reserved = (
    "unknown_fields",
    "for the JSON fields a message does not know",
);
/// The Rust fields every message has besides the spec's.
pub const MESSAGE_FIELDS: &[Reserved] = &[UNKNOWN_FIELDS];

/// The variant every enum has for values it does not know.
pub const UNKNOWN_VALUE: Reserved = ("UnknownValue", "for values an enum does not know");
/// The variants every enum has besides the spec's.
pub const ENUM_VARIANTS: &[Reserved] = &[UNKNOWN_VALUE];

/// The types a value of a field or oneof member may be written with.
const VALUE_TYPES: &[Reserved] = &[
    ("Box", "as Rust's own `Box`"),
    ("Self", "as Rust's own `Self`"),
    ("String", "as Rust's own `String`"),
    ("Vec", "as Rust's own `Vec`"),
];

/// The types a call or a field with presence is written with.
const WRAPPER_TYPES: &[Reserved] = &[
    ("Option", "as Rust's own `Option`"),
    ("Result", "as Rust's own `Result`"),
];

/// The prelude names the generated types' impls use besides.
const PRELUDE_NAMES: &[Reserved] = &[
    ("Default", "as Rust's own `Default`"),
    ("Err", "as Rust's own `Err`"),
    ("None", "as Rust's own `None`"),
    ("Ok", "as Rust's own `Ok`"),
    ("Some", "as Rust's own `Some`"),
];

/// Type names the generated types rely on; a spec type may not shadow them.
pub const TYPES: &[&[Reserved]] = &[VALUE_TYPES, WRAPPER_TYPES, PRELUDE_NAMES];

/// The type names a module that holds only oneof enums uses: their members'
/// types. (`Result`, for one, is free there: `operation::Result`.)
pub const TYPES_IN_ONEOF_MODULES: &[&[Reserved]] = &[VALUE_TYPES];

/// Module names the generated types files use; a message module may not hide them.
pub const TYPE_MODULES: &[Reserved] = &[
    ("json", "for the runtime's JSON codec"),
    ("apigen_runtime", "for the runtime crate"),
    ("serde_json", "for free-form JSON values"),
    ("std", "for Rust's standard library"),
];

/// The client's own methods; a top-level resource's accessor cannot take them.
pub const CLIENT_METHODS: &[Reserved] = &[
    ("new", "for a client with the default settings"),
    ("builder", "for a client with other settings"),
    ("with_options", "for a client with call options"),
    ("transport", "for the client's transport"),
    ("clone", "for `Clone::clone`"),
];

/// The constructor of every resource handle.
pub const HANDLE_NEW: Reserved = ("new", "to make the handle");
/// The methods every resource handle has besides the API's.
pub const HANDLE_METHODS: &[Reserved] = &[HANDLE_NEW];

/// The runtime's types the generated client modules use.
const RUNTIME_TYPES: &[Reserved] = &[
    ("Client", "for the client"),
    ("ApiConfig", "from the runtime"),
    ("Binding", "from the runtime"),
    ("Body", "from the runtime"),
    ("CallOptions", "from the runtime"),
    ("ClientBuilder", "from the runtime"),
    ("Error", "from the runtime"),
    ("FromTransport", "from the runtime"),
    ("Transport", "from the runtime"),
    ("Verb", "from the runtime"),
];

/// Type names the generated client modules use; a handle type cannot take them.
pub const CLIENT_TYPES: &[&[Reserved]] = &[RUNTIME_TYPES, VALUE_TYPES, WRAPPER_TYPES];

/// The server's check before every method.
pub const AUTHORIZE: Reserved = ("authorize", "for the check before every method");
/// The server's options of each upload endpoint.
pub const UPLOAD_OPTIONS: Reserved = ("upload_options", "for the options of the upload endpoints");
/// The `Service` trait's methods besides one per API method.
pub const SERVICE_METHODS: &[Reserved] = &[AUTHORIZE, UPLOAD_OPTIONS];
