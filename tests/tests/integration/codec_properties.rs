//! Property tests of the proto3 JSON codec on the generated zoo types: any
//! value of `Kinds`, `KindsOptional`, `KindsRepeated`, `KindsMaps` and
//! `KindsWellKnown` survives `codec::to_vec` then `codec::from_slice`
//! unchanged, unknown fields and unknown enum values included.
//!
//! The strategies are written by hand, field by field, each setting every
//! field of its message. The generated types are `#[non_exhaustive]`, so a
//! field added to the fixture no longer fails to compile here: give it a
//! strategy below, and its JSON name to the `*_FIELDS` lists.

use std::collections::BTreeSet;
use std::fmt::Debug;

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Map, Number, Value};
use zoo_v1::codec::{self, Message, OpenEnum};
use zoo_v1::types::{
    kinds, Kinds, KindsEnum, KindsLeaf, KindsMaps, KindsNested, KindsOptional, KindsRepeated,
    KindsWellKnown,
};
use zoo_v1::{Any, Duration, Empty, FieldMask, Timestamp, UnknownFields};

// ---------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------

/// Whether a value holds a NaN somewhere, which makes `PartialEq` fail on
/// it even when nothing was lost.
trait HoldsNan {
    fn holds_nan(&self) -> bool;
}

impl HoldsNan for Kinds {
    fn holds_nan(&self) -> bool {
        self.double_value.is_nan()
            || self.float_value.is_nan()
            || self.child.as_deref().is_some_and(HoldsNan::holds_nan)
            || self.children.iter().any(HoldsNan::holds_nan)
    }
}

impl HoldsNan for KindsOptional {
    fn holds_nan(&self) -> bool {
        self.optional_double.is_some_and(f64::is_nan)
            || self.optional_float.is_some_and(f32::is_nan)
    }
}

impl HoldsNan for KindsRepeated {
    fn holds_nan(&self) -> bool {
        self.repeated_double.iter().any(|value| value.is_nan())
            || self.repeated_float.iter().any(|value| value.is_nan())
    }
}

impl HoldsNan for KindsMaps {
    fn holds_nan(&self) -> bool {
        self.map_string_double.values().any(|value| value.is_nan())
            || self.map_string_float.values().any(|value| value.is_nan())
    }
}

impl HoldsNan for KindsWellKnown {
    /// Struct, Value and ListValue hold serde_json numbers, which are never NaN.
    fn holds_nan(&self) -> bool {
        false
    }
}

/// Encodes `value`, decodes the JSON, and checks that nothing changed.
///
/// Three checks; the first two because neither is enough alone:
/// - `from_slice(to_vec(v)) == Ok(v)`, the property itself. `PartialEq` is
///   useless where a NaN is held (NaN != NaN), so for those values it is
///   skipped; and it cannot see the sign of a zero (-0.0 == 0.0).
/// - serde's `Serialize` (what `serde_json::to_vec` and the caller's own
///   serde types use) writes the same JSON as the codec, compared the same way.
/// - The decoded value re-encodes to the same JSON, compared as text once
///   the keys of every object are sorted (see [`canonical`]). The encoder
///   writes every NaN as `"NaN"` whatever its payload, and -0.0 (not a
///   default, so not left out) as `-0.0`, which the text keeps; so this is
///   what checks values that hold a NaN (every other field of theirs is
///   still compared, through its JSON) and the signs of zeros everywhere.
fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Message + HoldsNan + PartialEq + Debug + serde::Serialize,
{
    let encoded = codec::to_vec(value);
    let text = String::from_utf8_lossy(&encoded);
    let through_serde = serde_json::to_vec(value).expect("serde_json takes every value");
    prop_assert!(
        canonical(&through_serde) == canonical(&encoded),
        "serde's Serialize and the codec disagree\nvalue: {value:?}\njson:  {text}\nserde: {}",
        String::from_utf8_lossy(&through_serde)
    );
    let decoded = codec::from_slice::<T>(&encoded);
    let decoded = match decoded {
        Ok(decoded) => decoded,
        Err(error) => {
            return Err(TestCaseError::fail(format!(
                "the encoder's own JSON does not decode: {error}\nvalue: {value:?}\njson: {text}"
            )))
        }
    };
    if !value.holds_nan() {
        prop_assert!(
            decoded == *value,
            "decoding changed the value\nvalue:   {value:?}\njson:    {text}\ndecoded: {decoded:?}"
        );
    }
    let again = codec::to_vec(&decoded);
    prop_assert!(
        canonical(&again) == canonical(&encoded),
        "re-encoding changed the JSON\nvalue: {value:?}\njson:  {text}\nagain: {}",
        String::from_utf8_lossy(&again)
    );
    Ok(())
}

/// JSON text with the keys of every object sorted, numbers as serde_json
/// writes them (`-0.0` keeps its sign, unlike `Value`'s `==`).
///
/// Sorted, because the order of an object's keys means nothing in JSON and
/// is not part of the types' `PartialEq`, and the codec does not always keep
/// it: when serde_json's `preserve_order` feature is on (in this test crate
/// it is, through `oas3`), decoding an `Any` removes its `@type` with
/// `Map::remove`, a swap-remove, which moves the last field first:
/// `{"@type":"t/a.A","":null,"¡":null}` comes back as
/// `{"@type":"t/a.A","¡":null,"":null}`.
fn canonical(json: &[u8]) -> String {
    fn sorted(value: Value) -> Value {
        match value {
            Value::Object(entries) => {
                let mut entries: Vec<(String, Value)> = entries
                    .into_iter()
                    .map(|(key, item)| (key, sorted(item)))
                    .collect();
                entries.sort_by(|(a, _), (b, _)| a.cmp(b));
                Value::Object(entries.into_iter().collect())
            }
            Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
            other => other,
        }
    }
    match serde_json::from_slice::<Value>(json) {
        Ok(value) => sorted(value).to_string(),
        Err(error) => format!("not JSON ({error}): {}", String::from_utf8_lossy(json)),
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // No regression files next to this one: a failure prints its minimal
        // input, which belongs in a deterministic test once understood.
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn kinds_round_trip(value in kinds()) {
        round_trips(&value)?;
    }

    #[test]
    fn kinds_optional_round_trip(value in kinds_optional()) {
        round_trips(&value)?;
    }

    #[test]
    fn kinds_repeated_round_trip(value in kinds_repeated()) {
        round_trips(&value)?;
    }

    #[test]
    fn kinds_maps_round_trip(value in kinds_maps()) {
        round_trips(&value)?;
    }

    #[test]
    fn kinds_well_known_round_trip(value in kinds_well_known()) {
        round_trips(&value)?;
    }
}

// ---------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------

/// Any value of an integer type, its edges more often than chance would give them.
fn int<T: Arbitrary + Clone + Debug + 'static>(edges: Vec<T>) -> BoxedStrategy<T> {
    prop_oneof![1 => select(edges), 3 => any::<T>()].boxed()
}

fn i32s() -> BoxedStrategy<i32> {
    int(vec![i32::MIN, i32::MIN + 1, -1, 0, 1, i32::MAX])
}

fn i64s() -> BoxedStrategy<i64> {
    // 2^53 + 1 is where a double would lose an int64 written as a number.
    int(vec![i64::MIN, -1, 0, 1, (1 << 53) + 1, i64::MAX])
}

fn u32s() -> BoxedStrategy<u32> {
    int(vec![0, 1, i32::MAX as u32 + 1, u32::MAX])
}

fn u64s() -> BoxedStrategy<u64> {
    int(vec![0, 1, i64::MAX as u64 + 1, u64::MAX])
}

/// Any f64: zeros of both signs, subnormals, extremes, NaN (with any
/// payload, through raw bits) and both infinities.
///
/// Every finite double reads back exactly here only because serde_json's
/// `float_roundtrip` feature is on in this test crate (`jsonschema` turns it
/// on). The runtime does not ask for it: a crate using `zoo-v1` alone reads
/// about 3 in 10 random doubles back one ulp off, e.g. a `doubleValue` of
/// 1.0715660391465826e-75 comes back as 1.0715660391465825e-75.
fn f64s() -> BoxedStrategy<f64> {
    let special = vec![
        0.0,
        -0.0,
        f64::MIN_POSITIVE,
        f64::MIN_POSITIVE / 2.0,
        5e-324,
        -5e-324,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        0.1,
        1e21,
        1e-7,
        9007199254740993.0,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    prop_oneof![
        2 => any::<f64>(),
        2 => any::<u64>().prop_map(f64::from_bits),
        1 => select(special),
    ]
    .boxed()
}

/// Any f32, as [`f64s`] in 32 bits.
fn f32s() -> BoxedStrategy<f32> {
    let special = vec![
        0.0,
        -0.0,
        f32::MIN_POSITIVE,
        f32::MIN_POSITIVE / 2.0,
        1e-45,
        -1e-45,
        f32::MAX,
        f32::MIN,
        f32::EPSILON,
        0.1,
        16777217.0,
        3.4028235e38,
        f32::NAN,
        -f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ];
    prop_oneof![
        2 => any::<f32>(),
        2 => any::<u32>().prop_map(f32::from_bits),
        1 => select(special),
    ]
    .boxed()
}

/// Finite doubles only, for JSON numbers (serde_json has no NaN).
fn finite_f64s() -> BoxedStrategy<f64> {
    f64s()
        .prop_filter("JSON numbers are finite", |value| value.is_finite())
        .boxed()
}

/// Any text: every Unicode scalar value, with JSON's escapes (quote,
/// backslash, control characters) and non-BMP characters often.
fn text() -> BoxedStrategy<String> {
    let tricky = select(vec![
        '"',
        '\\',
        '/',
        '\0',
        '\u{1}',
        '\u{1f}',
        '\u{7f}',
        '\n',
        '\r',
        '\t',
        '\u{2028}',
        '\u{feff}',
        '\u{fffd}',
        '\u{10ffff}',
        'é',
        '😀',
    ]);
    vec(prop_oneof![3 => any::<char>(), 1 => tricky], 0..12)
        .prop_map(String::from_iter)
        .boxed()
}

/// Bytes of any length: short ones cover every base64 padding, long ones
/// lines longer than any MIME wrapping.
fn bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        3 => vec(any::<u8>(), 0..8),
        1 => vec(any::<u8>(), 0..200),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// Enums, unknown fields, free JSON
// ---------------------------------------------------------------------------

fn is_known_name(name: &str) -> bool {
    KindsEnum::VALUES.iter().any(|(_, known, _)| *known == name)
}

fn is_known_number(number: i32) -> bool {
    KindsEnum::VALUES.iter().any(|(.., known)| *known == number)
}

/// Known values, and unknown ones by name and by number.
fn kinds_enum() -> BoxedStrategy<KindsEnum> {
    let known: Vec<KindsEnum> = KindsEnum::VALUES
        .iter()
        .map(|(value, ..)| value.clone())
        .collect();
    let names: Vec<&'static str> = KindsEnum::VALUES.iter().map(|(_, name, _)| *name).collect();
    let unknown_name = "[A-Z][A-Z0-9_]{0,20}"
        .prop_filter("a known name", |name| !is_known_name(name))
        .prop_map(|name| KindsEnum::from_name(&name));
    // A known name with something after it, e.g. `KINDS_ENUM_ONE_2`.
    let near_name = (select(names), "[A-Z0-9_]{1,4}")
        .prop_map(|(name, suffix)| format!("{name}{suffix}"))
        .prop_filter("a known name", |name| !is_known_name(name))
        .prop_map(|name| KindsEnum::from_name(&name));
    let unknown_number = prop_oneof![-3..15i32, any::<i32>(), Just(i32::MIN), Just(i32::MAX)]
        .prop_filter("a known number", |number| !is_known_number(*number))
        .prop_map(KindsEnum::from_number);
    prop_oneof![
        3 => select(known),
        1 => unknown_name,
        1 => near_name,
        2 => unknown_number,
    ]
    .boxed()
}

/// Any JSON value: null, bools, integers over the whole i64 and u64 range,
/// finite doubles (kept as serde_json float numbers: `2.0` stays a float),
/// text, and lists and objects of those, three levels deep at most.
fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        i64s().prop_map(Value::from),
        u64s().prop_map(Value::from),
        finite_f64s().prop_map(|value| Value::Number(
            Number::from_f64(value).expect("the strategy gives finite numbers")
        )),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((text(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Any JSON object, for `google.protobuf.Struct`.
fn json_object() -> BoxedStrategy<Map<String, Value>> {
    vec((text(), json_value()), 0..4)
        .prop_map(|entries| entries.into_iter().collect())
        .boxed()
}

/// Fields a newer server might send: keys that name no field of the message,
/// neither by JSON name (`known`) nor by proto name (`Message::PROTO_NAMES`),
/// holding any JSON.
fn unknown_fields<M: Message>(known: &'static [&'static str]) -> BoxedStrategy<UnknownFields> {
    let key = prop_oneof![text(), "[a-z][a-zA-Z0-9_]{0,12}"].prop_filter(
        "the name of a field",
        move |key| {
            !known.contains(&key.as_str())
                && !M::PROTO_NAMES
                    .iter()
                    .any(|(proto, json)| key == proto || key == json)
        },
    );
    vec((key, json_value()), 0..3)
        .prop_map(|entries| entries.into_iter().collect())
        .boxed()
}

const KINDS_FIELDS: &[&str] = &[
    "doubleValue",
    "floatValue",
    "int32Value",
    "int64Value",
    "uint32Value",
    "uint64Value",
    "sint32Value",
    "sint64Value",
    "fixed32Value",
    "fixed64Value",
    "sfixed32Value",
    "sfixed64Value",
    "boolValue",
    "stringValue",
    "bytesValue",
    "enumValue",
    "nested",
    "child",
    "children",
    "choiceString",
    "choiceInt64",
    "choiceBool",
    "choiceBytes",
    "choiceEnum",
    "choiceNested",
    "choiceDuration",
    "choiceValue",
];

const KINDS_OPTIONAL_FIELDS: &[&str] = &[
    "optionalDouble",
    "optionalFloat",
    "optionalInt32",
    "optionalInt64",
    "optionalUint32",
    "optionalUint64",
    "optionalSint32",
    "optionalSint64",
    "optionalFixed32",
    "optionalFixed64",
    "optionalSfixed32",
    "optionalSfixed64",
    "optionalBool",
    "optionalString",
    "optionalBytes",
    "optionalEnum",
    "optionalNested",
];

const KINDS_REPEATED_FIELDS: &[&str] = &[
    "repeatedDouble",
    "repeatedFloat",
    "repeatedInt32",
    "repeatedInt64",
    "repeatedUint32",
    "repeatedUint64",
    "repeatedSint32",
    "repeatedSint64",
    "repeatedFixed32",
    "repeatedFixed64",
    "repeatedSfixed32",
    "repeatedSfixed64",
    "repeatedBool",
    "repeatedString",
    "repeatedBytes",
    "repeatedEnum",
    "repeatedNested",
];

const KINDS_MAPS_FIELDS: &[&str] = &[
    "mapStringString",
    "mapStringInt32",
    "mapStringUint32",
    "mapStringDouble",
    "mapStringFloat",
    "mapStringBool",
    "mapStringEnum",
    "mapStringNested",
    "mapStringValue",
    "mapInt32String",
    "mapInt64String",
    "mapUint32String",
    "mapUint64String",
    "mapSint32String",
    "mapBoolString",
];

const KINDS_WELL_KNOWN_FIELDS: &[&str] = &[
    "singleTimestamp",
    "singleDuration",
    "singleFieldMask",
    "singleStruct",
    "singleValue",
    "singleListValue",
    "singleAny",
    "singleEmpty",
    "repeatedTimestamp",
    "repeatedDuration",
    "repeatedFieldMask",
    "repeatedStruct",
    "repeatedValue",
    "repeatedListValue",
    "repeatedAny",
    "repeatedEmpty",
];

const KINDS_NESTED_FIELDS: &[&str] = &["label", "count", "leaf"];

const KINDS_LEAF_FIELDS: &[&str] = &["leafBytes", "leafInt64", "leafEnum"];

// ---------------------------------------------------------------------------
// Well-known types
// ---------------------------------------------------------------------------

/// `0001-01-01T00:00:00Z` and `9999-12-31T23:59:59Z`, in seconds since the epoch.
const TIMESTAMP_SECONDS: (i64, i64) = (-62_135_596_800, 253_402_300_799);

/// The largest Duration, ±10,000 years, in seconds.
const DURATION_SECONDS: i64 = 315_576_000_000;

/// Nanoseconds of a second: any, and those the encoder writes with 0, 3 or 6 digits.
fn nanos() -> BoxedStrategy<i32> {
    prop_oneof![
        2 => 0..1_000_000_000i32,
        1 => select(vec![0, 1, 1_000, 1_000_000, 500_000_000, 999_999_999]),
        1 => (0..1_000i32).prop_map(|millis| millis * 1_000_000),
        1 => (0..1_000_000i32).prop_map(|micros| micros * 1_000),
    ]
    .boxed()
}

prop_compose! {
    /// Any Timestamp in the years 0001 to 9999, with any nanos.
    fn timestamps()(
        seconds in prop_oneof![
            3 => TIMESTAMP_SECONDS.0..=TIMESTAMP_SECONDS.1,
            1 => select(vec![TIMESTAMP_SECONDS.0, -1, 0, 951_782_400, TIMESTAMP_SECONDS.1]),
        ],
        nanos in nanos(),
    ) -> Timestamp {
        Timestamp::new(seconds, nanos)
    }
}

prop_compose! {
    /// Any Duration within ±315,576,000,000 s, its nanos of the same sign as
    /// its seconds (either sign when the seconds are 0).
    fn durations()(
        seconds in prop_oneof![
            3 => -DURATION_SECONDS..=DURATION_SECONDS,
            1 => select(vec![-DURATION_SECONDS, -1, 0, 1, DURATION_SECONDS]),
            1 => -5..=5i64,
        ],
        nanos in nanos(),
        negative_zero in any::<bool>(),
    ) -> Duration {
        let negative = seconds < 0 || (seconds == 0 && negative_zero);
        Duration {
            seconds,
            nanos: if negative { -nanos } else { nanos },
        }
    }
}

prop_compose! {
    /// Field masks of lowerCamelCase paths (letters, digits and dots, no `_`),
    /// as a client builds them; the mask keeps them as snake_case.
    fn field_masks()(
        paths in vec("[a-z][a-zA-Z0-9]{0,8}(\\.[a-z][a-zA-Z0-9]{0,8}){0,2}", 0..4),
    ) -> FieldMask {
        FieldMask::new(paths)
    }
}

/// Type names the codec rewrites into their canonical form inside an Any.
const NORMALIZED_TYPES: &[&str] = &[
    "google.protobuf.Duration",
    "google.protobuf.Timestamp",
    "google.protobuf.FieldMask",
    "google.protobuf.Empty",
];

prop_compose! {
    /// An Any of any type but the well-known ones the codec normalizes, its
    /// fields any JSON but an `@type`.
    fn anys()(
        type_url in prop_oneof![
            3 => "type\\.googleapis\\.com/[a-z]{1,6}(\\.[a-z]{1,6}){0,2}\\.[A-Z][A-Za-z0-9]{0,10}",
            1 => Just(String::new()),
            1 => text(),
        ].prop_filter("a type the codec normalizes", |url| {
            !NORMALIZED_TYPES.contains(&url.rsplit('/').next().unwrap_or_default())
        }),
        fields in vec((text().prop_filter("`@type`", |key| key != "@type"), json_value()), 0..4),
    ) -> Any {
        Any {
            type_url,
            fields: fields.into_iter().collect(),
        }
    }
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

prop_compose! {
    fn kinds_leaf()(
        leaf_bytes in bytes(),
        leaf_int64 in i64s(),
        leaf_enum in kinds_enum(),
        unknown_fields in unknown_fields::<KindsLeaf>(KINDS_LEAF_FIELDS),
    ) -> KindsLeaf {
        let mut leaf = KindsLeaf::new()
            .set_leaf_bytes(leaf_bytes)
            .set_leaf_int64(leaf_int64)
            .set_leaf_enum(leaf_enum);
        leaf.unknown_fields = unknown_fields;
        leaf
    }
}

prop_compose! {
    fn kinds_nested()(
        label in text(),
        count in i32s(),
        leaf in option::of(kinds_leaf()),
        unknown_fields in unknown_fields::<KindsNested>(KINDS_NESTED_FIELDS),
    ) -> KindsNested {
        let mut nested = KindsNested::new().set_label(label).set_count(count);
        nested.leaf = leaf;
        nested.unknown_fields = unknown_fields;
        nested
    }
}

/// Every member of the oneof `choice`, `null` as a Value included.
fn kinds_choice() -> BoxedStrategy<kinds::Choice> {
    prop_oneof![
        text().prop_map(kinds::Choice::ChoiceString),
        i64s().prop_map(kinds::Choice::ChoiceInt64),
        any::<bool>().prop_map(kinds::Choice::ChoiceBool),
        bytes().prop_map(kinds::Choice::ChoiceBytes),
        kinds_enum().prop_map(kinds::Choice::ChoiceEnum),
        kinds_nested().prop_map(kinds::Choice::ChoiceNested),
        durations().prop_map(kinds::Choice::ChoiceDuration),
        json_value().prop_map(kinds::Choice::ChoiceValue),
    ]
    .boxed()
}

prop_compose! {
    /// A `Kinds` without `child` or `children`; [`kinds`] adds those.
    fn kinds_without_children()(
        (double_value, float_value) in (f64s(), f32s()),
        (int32_value, int64_value, uint32_value, uint64_value) in (i32s(), i64s(), u32s(), u64s()),
        (sint32_value, sint64_value, fixed32_value, fixed64_value) in (i32s(), i64s(), u32s(), u64s()),
        (sfixed32_value, sfixed64_value) in (i32s(), i64s()),
        bool_value in any::<bool>(),
        string_value in text(),
        bytes_value in bytes(),
        enum_value in kinds_enum(),
        nested in option::of(kinds_nested()),
        choice in option::of(kinds_choice()),
        unknown_fields in unknown_fields::<Kinds>(KINDS_FIELDS),
    ) -> Kinds {
        let mut kinds = Kinds::new()
            .set_double_value(double_value)
            .set_float_value(float_value)
            .set_int32_value(int32_value)
            .set_int64_value(int64_value)
            .set_uint32_value(uint32_value)
            .set_uint64_value(uint64_value)
            .set_sint32_value(sint32_value)
            .set_sint64_value(sint64_value)
            .set_fixed32_value(fixed32_value)
            .set_fixed64_value(fixed64_value)
            .set_sfixed32_value(sfixed32_value)
            .set_sfixed64_value(sfixed64_value)
            .set_bool_value(bool_value)
            .set_string_value(string_value)
            .set_bytes_value(bytes_value)
            .set_enum_value(enum_value);
        kinds.nested = nested;
        kinds.child = None;
        kinds.children = Vec::new();
        kinds.choice = choice;
        kinds.unknown_fields = unknown_fields;
        kinds
    }
}

/// Any `Kinds`, `child` and `children` nested three levels deep at most.
fn kinds() -> BoxedStrategy<Kinds> {
    kinds_without_children()
        .prop_recursive(3, 8, 3, |inner| {
            (
                kinds_without_children(),
                option::of(inner.clone()),
                vec(inner, 0..3),
            )
                .prop_map(|(mut kinds, child, children)| {
                    kinds.child = child.map(Box::new);
                    kinds.children = children;
                    kinds
                })
        })
        .boxed()
}

prop_compose! {
    fn kinds_optional()(
        (optional_double, optional_float) in (option::of(f64s()), option::of(f32s())),
        (optional_int32, optional_int64, optional_uint32, optional_uint64) in (
            option::of(i32s()),
            option::of(i64s()),
            option::of(u32s()),
            option::of(u64s()),
        ),
        (optional_sint32, optional_sint64, optional_fixed32, optional_fixed64) in (
            option::of(i32s()),
            option::of(i64s()),
            option::of(u32s()),
            option::of(u64s()),
        ),
        (optional_sfixed32, optional_sfixed64) in (option::of(i32s()), option::of(i64s())),
        optional_bool in option::of(any::<bool>()),
        optional_string in option::of(text()),
        optional_bytes in option::of(bytes()),
        optional_enum in option::of(kinds_enum()),
        optional_nested in option::of(kinds_nested()),
        unknown_fields in unknown_fields::<KindsOptional>(KINDS_OPTIONAL_FIELDS),
    ) -> KindsOptional {
        let mut optional = KindsOptional::new();
        optional.optional_double = optional_double;
        optional.optional_float = optional_float;
        optional.optional_int32 = optional_int32;
        optional.optional_int64 = optional_int64;
        optional.optional_uint32 = optional_uint32;
        optional.optional_uint64 = optional_uint64;
        optional.optional_sint32 = optional_sint32;
        optional.optional_sint64 = optional_sint64;
        optional.optional_fixed32 = optional_fixed32;
        optional.optional_fixed64 = optional_fixed64;
        optional.optional_sfixed32 = optional_sfixed32;
        optional.optional_sfixed64 = optional_sfixed64;
        optional.optional_bool = optional_bool;
        optional.optional_string = optional_string;
        optional.optional_bytes = optional_bytes;
        optional.optional_enum = optional_enum;
        optional.optional_nested = optional_nested;
        optional.unknown_fields = unknown_fields;
        optional
    }
}

/// Lists of 0 to 3 items.
fn list<T: Debug>(item: impl Strategy<Value = T> + 'static) -> BoxedStrategy<Vec<T>> {
    vec(item, 0..4).boxed()
}

prop_compose! {
    fn kinds_repeated()(
        (repeated_double, repeated_float) in (list(f64s()), list(f32s())),
        (repeated_int32, repeated_int64, repeated_uint32, repeated_uint64) in (
            list(i32s()),
            list(i64s()),
            list(u32s()),
            list(u64s()),
        ),
        (repeated_sint32, repeated_sint64, repeated_fixed32, repeated_fixed64) in (
            list(i32s()),
            list(i64s()),
            list(u32s()),
            list(u64s()),
        ),
        (repeated_sfixed32, repeated_sfixed64) in (list(i32s()), list(i64s())),
        repeated_bool in list(any::<bool>()),
        repeated_string in list(text()),
        repeated_bytes in list(bytes()),
        repeated_enum in list(kinds_enum()),
        repeated_nested in list(kinds_nested()),
        unknown_fields in unknown_fields::<KindsRepeated>(KINDS_REPEATED_FIELDS),
    ) -> KindsRepeated {
        let mut repeated = KindsRepeated::new()
            .set_repeated_double(repeated_double)
            .set_repeated_float(repeated_float)
            .set_repeated_int32(repeated_int32)
            .set_repeated_int64(repeated_int64)
            .set_repeated_uint32(repeated_uint32)
            .set_repeated_uint64(repeated_uint64)
            .set_repeated_sint32(repeated_sint32)
            .set_repeated_sint64(repeated_sint64)
            .set_repeated_fixed32(repeated_fixed32)
            .set_repeated_fixed64(repeated_fixed64)
            .set_repeated_sfixed32(repeated_sfixed32)
            .set_repeated_sfixed64(repeated_sfixed64)
            .set_repeated_bool(repeated_bool)
            .set_repeated_string(repeated_string)
            .set_repeated_bytes(repeated_bytes)
            .set_repeated_enum(repeated_enum)
            .set_repeated_nested(repeated_nested);
        repeated.unknown_fields = unknown_fields;
        repeated
    }
}

prop_compose! {
    fn kinds_maps()(
        (map_string_string, map_string_int32, map_string_uint32) in (
            btree_map(text(), text(), 0..4),
            btree_map(text(), i32s(), 0..4),
            btree_map(text(), u32s(), 0..4),
        ),
        (map_string_double, map_string_float, map_string_bool) in (
            btree_map(text(), f64s(), 0..4),
            btree_map(text(), f32s(), 0..4),
            btree_map(text(), any::<bool>(), 0..4),
        ),
        (map_string_enum, map_string_nested, map_string_value) in (
            btree_map(text(), kinds_enum(), 0..4),
            btree_map(text(), kinds_nested(), 0..3),
            btree_map(text(), json_value(), 0..4),
        ),
        (map_int32_string, map_int64_string, map_uint32_string, map_uint64_string) in (
            btree_map(i32s(), text(), 0..4),
            btree_map(i64s(), text(), 0..4),
            btree_map(u32s(), text(), 0..4),
            btree_map(u64s(), text(), 0..4),
        ),
        map_sint32_string in btree_map(i32s(), text(), 0..4),
        map_bool_string in btree_map(any::<bool>(), text(), 0..3),
        unknown_fields in unknown_fields::<KindsMaps>(KINDS_MAPS_FIELDS),
    ) -> KindsMaps {
        let mut maps = KindsMaps::new()
            .set_map_string_string(map_string_string)
            .set_map_string_int32(map_string_int32)
            .set_map_string_uint32(map_string_uint32)
            .set_map_string_double(map_string_double)
            .set_map_string_float(map_string_float)
            .set_map_string_bool(map_string_bool)
            .set_map_string_enum(map_string_enum)
            .set_map_string_nested(map_string_nested)
            .set_map_string_value(map_string_value)
            .set_map_int32_string(map_int32_string)
            .set_map_int64_string(map_int64_string)
            .set_map_uint32_string(map_uint32_string)
            .set_map_uint64_string(map_uint64_string)
            .set_map_sint32_string(map_sint32_string)
            .set_map_bool_string(map_bool_string);
        maps.unknown_fields = unknown_fields;
        maps
    }
}

prop_compose! {
    fn kinds_well_known()(
        (single_timestamp, single_duration, single_field_mask, single_struct) in (
            option::of(timestamps()),
            option::of(durations()),
            option::of(field_masks()),
            option::of(json_object()),
        ),
        (single_value, single_list_value, single_any, single_empty) in (
            option::of(json_value()),
            option::of(list(json_value())),
            option::of(anys()),
            option::of(Just(Empty {})),
        ),
        (repeated_timestamp, repeated_duration, repeated_field_mask, repeated_struct) in (
            list(timestamps()),
            list(durations()),
            list(field_masks()),
            list(json_object()),
        ),
        (repeated_value, repeated_list_value, repeated_any, repeated_empty) in (
            list(json_value()),
            list(list(json_value())),
            list(anys()),
            list(Just(Empty {})),
        ),
        unknown_fields in unknown_fields::<KindsWellKnown>(KINDS_WELL_KNOWN_FIELDS),
    ) -> KindsWellKnown {
        let mut well_known = KindsWellKnown::new()
            .set_repeated_timestamp(repeated_timestamp)
            .set_repeated_duration(repeated_duration)
            .set_repeated_field_mask(repeated_field_mask)
            .set_repeated_struct(repeated_struct)
            .set_repeated_value(repeated_value)
            .set_repeated_list_value(repeated_list_value)
            .set_repeated_any(repeated_any)
            .set_repeated_empty(repeated_empty);
        well_known.single_timestamp = single_timestamp;
        well_known.single_duration = single_duration;
        well_known.single_field_mask = single_field_mask;
        well_known.single_struct = single_struct;
        well_known.single_value = single_value;
        well_known.single_list_value = single_list_value;
        well_known.single_any = single_any;
        well_known.single_empty = single_empty;
        well_known.unknown_fields = unknown_fields;
        well_known
    }
}

// ---------------------------------------------------------------------------
// One hand-written message
// ---------------------------------------------------------------------------

/// Every field of `Kinds` set, in the forms a server may send besides the
/// canonical one (proto names, numbers as strings and strings as numbers,
/// enums by number, URL-safe base64), decodes to the values it means.
#[test]
fn a_hand_written_kinds_with_every_field_decodes() {
    let input = br#"{
        "doubleValue": -2.5e-3,
        "floatValue": "Infinity",
        "int32_value": -2147483648,
        "int64Value": "-9223372036854775808",
        "uint32Value": "4294967295",
        "uint64Value": "18446744073709551615",
        "sint32Value": -7,
        "sint64Value": 9007199254740993,
        "fixed32Value": 1e3,
        "fixed64Value": "42",
        "sfixed32Value": 2147483647,
        "sfixed64Value": "-1",
        "boolValue": true,
        "string_value": "h\u00e9llo \"\ud83d\ude00\"",
        "bytesValue": "aGVsbG__-w",
        "enumValue": "KINDS_ENUM_TEN",
        "nested": {
            "label": "outer",
            "count": 3,
            "leaf": {"leaf_bytes": "AQID", "leafInt64": "-5", "leafEnum": 11}
        },
        "child": {
            "enumValue": "KINDS_ENUM_FROM_THE_FUTURE",
            "child": {"doubleValue": "NaN"}
        },
        "children": [{"stringValue": "first"}, {"enumValue": 99, "choiceBool": false}],
        "choiceDuration": "-1.500s",
        "addedLater": {"list": [1, -2, 2.5, null], "text": "kept"}
    }"#;
    let kinds = codec::from_slice::<Kinds>(input).expect("the hand-written JSON decodes");

    assert_eq!(kinds.double_value, -0.0025);
    assert_eq!(kinds.float_value, f32::INFINITY);
    assert_eq!(kinds.int32_value, i32::MIN);
    assert_eq!(kinds.int64_value, i64::MIN);
    assert_eq!(kinds.uint32_value, u32::MAX);
    assert_eq!(kinds.uint64_value, u64::MAX);
    assert_eq!(kinds.sint32_value, -7);
    assert_eq!(kinds.sint64_value, 9_007_199_254_740_993);
    assert_eq!(kinds.fixed32_value, 1000);
    assert_eq!(kinds.fixed64_value, 42);
    assert_eq!(kinds.sfixed32_value, i32::MAX);
    assert_eq!(kinds.sfixed64_value, -1);
    assert!(kinds.bool_value);
    assert_eq!(kinds.string_value, "héllo \"😀\"");
    assert_eq!(kinds.bytes_value, b"hello\xff\xfb");
    assert_eq!(kinds.enum_value, KindsEnum::Ten);

    let nested = kinds.nested.as_ref().expect("nested is set");
    assert_eq!((nested.label.as_str(), nested.count), ("outer", 3));
    let leaf = nested.leaf.as_ref().expect("leaf is set");
    assert_eq!(leaf.leaf_bytes, [1, 2, 3]);
    assert_eq!(leaf.leaf_int64, -5);
    assert_eq!(leaf.leaf_enum, KindsEnum::Eleven);

    let child = kinds.child.as_deref().expect("child is set");
    assert_eq!(child.enum_value.name(), Some("KINDS_ENUM_FROM_THE_FUTURE"));
    assert_eq!(child.enum_value.number(), None);
    assert!(child
        .child
        .as_ref()
        .expect("grandchild is set")
        .double_value
        .is_nan());

    assert_eq!(kinds.children.len(), 2);
    assert_eq!(kinds.children[0].string_value, "first");
    assert_eq!(kinds.children[1].enum_value.number(), Some(99));
    assert_eq!(kinds.children[1].enum_value.name(), None);
    assert_eq!(kinds.children[1].choice_bool(), Some(false));

    assert_eq!(
        kinds.choice_duration(),
        Some(&Duration {
            seconds: -1,
            nanos: -500_000_000
        })
    );
    assert_eq!(
        kinds.unknown_fields.get("addedLater"),
        Some(&json!({"list": [1, -2, 2.5, null], "text": "kept"}))
    );
    assert_eq!(kinds.unknown_fields.len(), 1);

    // Written back in canonical form, the unknown field and values kept.
    let written = codec::to_value(&kinds);
    assert_eq!(written["int32Value"], json!(-2147483648));
    assert_eq!(written["int64Value"], json!("-9223372036854775808"));
    assert_eq!(written["fixed32Value"], json!(1000));
    assert_eq!(written["bytesValue"], json!("aGVsbG//+w=="));
    assert_eq!(written["floatValue"], json!("Infinity"));
    assert_eq!(
        written["child"]["enumValue"],
        json!("KINDS_ENUM_FROM_THE_FUTURE")
    );
    assert_eq!(written["children"][1]["enumValue"], json!(99));
    assert_eq!(written["choiceDuration"], json!("-1.500s"));
    assert_eq!(written["addedLater"]["text"], json!("kept"));
    let keys: BTreeSet<&str> = written
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert!(
        keys.contains("stringValue") && !keys.contains("string_value"),
        "{keys:?}"
    );
}
