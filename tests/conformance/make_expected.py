#!/usr/bin/env python3
"""Writes tests/conformance/conformance.json: what Google's protobuf runtime
does with each JSON text in tests/conformance/cases.yaml.

Requirements (the versions the checked-in fixtures were made with):

    pip install protobuf==7.36.2 pyyaml==6.0.4

Run from anywhere:

    python3 tests/conformance/make_expected.py

The fixtures were made with protobuf's default backend, upb (some recorded
error texts name its classes); the script warns when another one is active.

How it works:

* Each spec folder (`spec/` and `tests/fixtures/zoo/`) becomes one in-memory
  `FileDescriptorProto` (package `gemini` or `zoo`), built straight from the
  YAML; protoc is not involved. Every spec message becomes a message (a
  nested type `Parent.Child` inside its parent) whose
  fields are numbered 1..n in declaration order, plain fields first and then
  the members of each oneof. A field's proto name is its `proto_name`, or else
  the snake_case form of its JSON name (`_` before each uppercase letter, which
  is lowercased; a leading `_` stays); its `json_name` is the spec key.
  `optional: true` becomes a proto3 optional field (a synthetic oneof), `map:`
  a map entry type, and enums keep their numbers (short form: previous + 1;
  long form: `{ number: N, description: ... }`). Each enum sits in a holder
  message of its own (`enum_scope_Parent_Child` for a nested enum), because proto scopes enum values next to the enum and
  the Gemini API reuses value names (SAFETY, OTHER) across enums.
* Each case is parsed with `json_format.Parse(text, message)` (unknown fields
  are errors). On success the canonical proto3 JSON is recorded, as produced
  by `json_format.MessageToDict` with its defaults: JSON names, fields at
  their default value left out, 64-bit integers as strings, enums as names.
  On failure the error text is recorded.
* A case marked `forward_compatible: true` is one where our codec deliberately
  keeps what protobuf refuses (unknown fields, unknown enum names, Any of an
  unknown type). Its outcome is "accept" with the `canonical` written by hand
  in cases.yaml; protobuf's own answer is kept for the record: its error in
  `python_error`, or, when it accepts with another canonical form, that form
  in `python_canonical`.
* A case marked `stricter: true` (it must carry a `note`) is one where
  Python's json_format is laxer than the proto3 JSON mapping and Google's
  C++/Java parsers (e.g. it skips non-base64 characters, or reads an enum
  from `true`). Its outcome is "reject"; what Python made of it is kept in
  `python_canonical`. If Python rejects it after all, the script stops, so
  the mark never hides a real protobuf reject.
* A case marked `python_refuses: true` (with `canonical` and a `note`) is the
  other way round: valid under the mapping, but refused by a bug of Python's
  json_format. Its outcome is "accept" with the hand-written canonical form,
  and Python's error is kept in `python_error`. If Python accepts it after
  all, the script stops.
* Output keys per case: name, spec, type, json, outcome, canonical (accept),
  python_error (reject, and forward-compatible cases Python refused),
  python_canonical (see above), forward_compatible / stricter /
  python_refuses (true when marked), error_path and note (copied from
  cases.yaml).

The output is a JSON array, one object per case in the order of cases.yaml,
with sorted keys, so that it is byte-for-byte reproducible.
"""

import json
import math
import os
import re
import sys

import yaml
from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool
from google.protobuf import json_format
from google.protobuf import message_factory
from google.protobuf import any_pb2
from google.protobuf import duration_pb2
from google.protobuf import empty_pb2
from google.protobuf import field_mask_pb2
from google.protobuf import struct_pb2
from google.protobuf import timestamp_pb2
from google.protobuf.internal import api_implementation

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SPECS = {
    "gemini": os.path.join(ROOT, "spec"),
    "zoo": os.path.join(ROOT, "tests", "fixtures", "zoo"),
}
CASES = os.path.join(HERE, "cases.yaml")
OUTPUT = os.path.join(HERE, "conformance.json")

F = descriptor_pb2.FieldDescriptorProto

SCALARS = {
    "double": F.TYPE_DOUBLE,
    "float": F.TYPE_FLOAT,
    "int32": F.TYPE_INT32,
    "int64": F.TYPE_INT64,
    "uint32": F.TYPE_UINT32,
    "uint64": F.TYPE_UINT64,
    "sint32": F.TYPE_SINT32,
    "sint64": F.TYPE_SINT64,
    "fixed32": F.TYPE_FIXED32,
    "fixed64": F.TYPE_FIXED64,
    "sfixed32": F.TYPE_SFIXED32,
    "sfixed64": F.TYPE_SFIXED64,
    "bool": F.TYPE_BOOL,
    "string": F.TYPE_STRING,
    "bytes": F.TYPE_BYTES,
}

# Well-known type -> the .proto file of the installed package that defines it.
WELL_KNOWN = {
    "google.protobuf.Timestamp": timestamp_pb2,
    "google.protobuf.Duration": duration_pb2,
    "google.protobuf.FieldMask": field_mask_pb2,
    "google.protobuf.Struct": struct_pb2,
    "google.protobuf.Value": struct_pb2,
    "google.protobuf.ListValue": struct_pb2,
    "google.protobuf.Any": any_pb2,
    "google.protobuf.Empty": empty_pb2,
}


# --- YAML -----------------------------------------------------------------


class SpecLoader(yaml.SafeLoader):
    """A safe loader closer to YAML 1.2: only `true`/`false` are booleans, and
    mapping keys are always the text as written (so an enum value `OFF` or
    `NULL` stays a name instead of becoming false or None)."""


def _install_resolvers():
    table = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        table[first] = [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    SpecLoader.yaml_implicit_resolvers = table
    SpecLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
    )


_install_resolvers()


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    pairs = []
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:
            key = loader.construct_object(key_node, deep=deep)
        pairs.append((key, loader.construct_object(value_node, deep=deep)))
    result = {}
    for key, value in pairs:
        if key in result:
            raise SystemExit("duplicate YAML key %r at %s" % (key, node.start_mark))
        result[key] = value
    return result


SpecLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SpecLoader)


# --- spec -> descriptors ----------------------------------------------------


def snake_case(json_name):
    """`thoughtSignature` -> `thought_signature`; `_legacyName` -> `_legacy_name`."""
    out = []
    for ch in json_name:
        if "A" <= ch <= "Z":
            out.append("_" + ch.lower())
        else:
            out.append(ch)
    return "".join(out)


def upper_camel(proto_name):
    """The map entry name protoc derives from a field name."""
    return "".join(part[:1].upper() + part[1:] for part in proto_name.split("_"))


def enum_holder(enum_name):
    return "enum_scope_" + enum_name.replace(".", "_")


def read_spec(folder):
    """Returns ({message name: spec}, {enum name: spec}) over every YAML file."""
    messages, enums = {}, {}
    paths = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".yaml"):
                paths.append(os.path.join(base, name))
    for path in sorted(paths):
        document = load_yaml(path) or {}
        for name, message in (document.get("messages") or {}).items():
            if name in messages or name in enums:
                raise SystemExit("%s: type %s declared twice" % (path, name))
            messages[name] = message
        for name, enum in (document.get("enums") or {}).items():
            if name in messages or name in enums:
                raise SystemExit("%s: type %s declared twice" % (path, name))
            enums[name] = enum
    return messages, enums


def enum_values(enum):
    """[(NAME, number)] with the spec's numbering rule."""
    values = []
    previous = -1
    for name, value in enum["values"].items():
        if isinstance(value, dict) and "number" in value:
            number = int(value["number"])
        else:
            number = previous + 1
        values.append((name, number))
        previous = number
    return values


def build_file(package, messages, enums):
    file_proto = descriptor_pb2.FileDescriptorProto(
        name="%s.proto" % package, package=package, syntax="proto3"
    )
    dependencies = set()

    def type_of(field_proto, type_name, where):
        if type_name in SCALARS:
            field_proto.type = SCALARS[type_name]
        elif type_name in WELL_KNOWN:
            field_proto.type = F.TYPE_MESSAGE
            field_proto.type_name = "." + type_name
            dependencies.add(WELL_KNOWN[type_name].DESCRIPTOR.name)
        elif type_name in messages:
            field_proto.type = F.TYPE_MESSAGE
            field_proto.type_name = ".%s.%s" % (package, type_name)
        elif type_name in enums:
            field_proto.type = F.TYPE_ENUM
            field_proto.type_name = ".%s.%s.%s" % (
                package, enum_holder(type_name), type_name.rpartition(".")[2]
            )
        else:
            raise SystemExit("%s: unknown type %s" % (where, type_name))

    for enum_name, enum in enums.items():
        holder = file_proto.message_type.add(name=enum_holder(enum_name))
        enum_proto = holder.enum_type.add(name=enum_name.rpartition(".")[2])
        for value_name, number in enum_values(enum):
            enum_proto.value.add(name=value_name, number=number)

    # A nested message (`Parent.Child`) goes inside its parent, so parents come first.
    protos = {}
    for message_name, message in sorted(messages.items(), key=lambda item: item[0].count(".")):
        parent, _, short_name = message_name.rpartition(".")
        container = protos[parent].nested_type if parent else file_proto.message_type
        message_proto = container.add(name=short_name)
        protos[message_name] = message_proto
        members = [(json_name, spec, None) for json_name, spec in (message.get("fields") or {}).items()]
        oneofs = list((message.get("oneofs") or {}).items())
        for index, (oneof_name, oneof) in enumerate(oneofs):
            message_proto.oneof_decl.add(name=snake_case(oneof_name).lstrip("_") or "oneof")
            for json_name, spec in oneof["fields"].items():
                members.append((json_name, spec, index))
        synthetic = []
        for number, (json_name, spec, oneof_index) in enumerate(members, start=1):
            where = "%s.%s" % (message_name, json_name)
            proto_name = spec.get("proto_name") or snake_case(json_name)
            field_proto = message_proto.field.add(
                name=proto_name, number=number, json_name=json_name, label=F.LABEL_OPTIONAL
            )
            if spec.get("map"):
                entry_name = upper_camel(proto_name.lstrip("_")) + "Entry"
                entry = message_proto.nested_type.add(name=entry_name)
                entry.options.map_entry = True
                key = entry.field.add(name="key", number=1, json_name="key", label=F.LABEL_OPTIONAL)
                type_of(key, spec["map"], where + " (key)")
                value = entry.field.add(name="value", number=2, json_name="value", label=F.LABEL_OPTIONAL)
                type_of(value, spec["type"], where)
                field_proto.label = F.LABEL_REPEATED
                field_proto.type = F.TYPE_MESSAGE
                field_proto.type_name = ".%s.%s.%s" % (package, message_name, entry_name)
                continue
            type_of(field_proto, spec["type"], where)
            if spec.get("repeated"):
                field_proto.label = F.LABEL_REPEATED
            elif oneof_index is not None:
                field_proto.oneof_index = oneof_index
            elif spec.get("optional"):
                field_proto.proto3_optional = True
                synthetic.append(field_proto)
        # Synthetic oneofs come after every real one, as protoc writes them.
        for field_proto in synthetic:
            field_proto.oneof_index = len(message_proto.oneof_decl)
            message_proto.oneof_decl.add(name="_" + field_proto.name.lstrip("_"))

    file_proto.dependency.extend(sorted(dependencies))
    return file_proto


def build_pool():
    pool = descriptor_pool.DescriptorPool()
    for module in sorted(set(WELL_KNOWN.values()), key=lambda m: m.DESCRIPTOR.name):
        file_proto = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(file_proto)
        pool.Add(file_proto)
    for package, folder in sorted(SPECS.items()):
        messages, enums = read_spec(folder)
        pool.Add(build_file(package, messages, enums))
    return pool


# --- cases ------------------------------------------------------------------

CASE_KEYS = {
    "name", "spec", "type", "json", "error_path", "note", "canonical",
    "forward_compatible", "stricter", "python_refuses",
}
MARKS = ("forward_compatible", "stricter", "python_refuses")


def run_case(pool, case):
    descriptor = pool.FindMessageTypeByName("%s.%s" % (case["spec"], case["type"]))
    message = message_factory.GetMessageClass(descriptor)()
    try:
        json_format.Parse(case["json"], message, ignore_unknown_fields=False, descriptor_pool=pool)
    except json_format.ParseError as error:
        return None, str(error)
    try:
        return json_format.MessageToDict(message, descriptor_pool=pool), None
    except json_format.SerializeToJsonError as error:
        # Parsed, but has no proto3 JSON form (a google.protobuf.Value holding
        # a non-finite number): no canonical form, so no valid input either.
        return None, "Parsed, but cannot be written back: %s" % error


def check_json_value(value, where):
    """Canonical values must survive a trip through strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        raise SystemExit("%s: non-finite number in canonical form" % where)
    if isinstance(value, dict):
        for key, item in value.items():
            check_json_value(item, where)
    if isinstance(value, list):
        for item in value:
            check_json_value(item, where)


def main():
    if api_implementation.Type() != "upb":
        print(
            "warning: protobuf backend is %r, not upb; some error texts will differ"
            % api_implementation.Type(),
            file=sys.stderr,
        )
    pool = build_pool()
    cases = load_yaml(CASES)
    seen = set()
    results = []
    for case in cases:
        unknown = set(case) - CASE_KEYS
        if unknown:
            raise SystemExit("case %s: unknown keys %s" % (case.get("name"), sorted(unknown)))
        name = case["name"]
        if name in seen:
            raise SystemExit("case %s: duplicate name" % name)
        seen.add(name)
        if case["spec"] not in SPECS:
            raise SystemExit("case %s: unknown spec %s" % (name, case["spec"]))
        if not isinstance(case["json"], str):
            raise SystemExit("case %s: json must be a string" % name)
        canonical, error = run_case(pool, case)
        result = {
            "name": name,
            "spec": case["spec"],
            "type": case["type"],
            "json": case["json"],
        }
        if sum(1 for mark in MARKS if case.get(mark)) > 1:
            raise SystemExit("case %s: at most one of %s" % (name, ", ".join(MARKS)))
        if case.get("forward_compatible"):
            if "canonical" not in case:
                raise SystemExit("case %s: forward_compatible needs a canonical" % name)
            result["outcome"] = "accept"
            result["canonical"] = case["canonical"]
            result["forward_compatible"] = True
            if error is not None:
                result["python_error"] = error
            elif canonical != case["canonical"]:
                result["python_canonical"] = canonical
        elif case.get("python_refuses"):
            if "note" not in case or "canonical" not in case:
                raise SystemExit("case %s: python_refuses needs a note and a canonical" % name)
            if error is None:
                raise SystemExit("case %s: marked python_refuses, but protobuf accepts it" % name)
            result["outcome"] = "accept"
            result["canonical"] = case["canonical"]
            result["python_refuses"] = True
            result["python_error"] = error
        elif case.get("stricter"):
            if "note" not in case or "canonical" in case:
                raise SystemExit("case %s: stricter needs a note and no canonical" % name)
            if error is not None:
                raise SystemExit("case %s: marked stricter, but protobuf rejects it: %s" % (name, error))
            result["outcome"] = "reject"
            result["stricter"] = True
            result["python_canonical"] = canonical
        else:
            if "canonical" in case:
                raise SystemExit("case %s: canonical is only for forward_compatible and python_refuses cases" % name)
            if error is None:
                result["outcome"] = "accept"
                result["canonical"] = canonical
            else:
                result["outcome"] = "reject"
                result["python_error"] = error
        if "error_path" in case:
            if result["outcome"] != "reject":
                raise SystemExit("case %s: error_path on a case protobuf accepts" % name)
            result["error_path"] = case["error_path"]
        if "note" in case:
            result["note"] = case["note"]
        check_json_value(result.get("canonical"), name)
        check_json_value(result.get("python_canonical"), name)
        results.append(result)
    text = json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text + "\n")
    accepted = sum(1 for r in results if r["outcome"] == "accept" and not r.get("forward_compatible"))
    rejected = sum(1 for r in results if r["outcome"] == "reject" and not r.get("stricter"))
    forward = sum(1 for r in results if r.get("forward_compatible"))
    stricter = sum(1 for r in results if r.get("stricter"))
    refused = sum(1 for r in results if r.get("python_refuses"))
    print(
        "%d cases: %d accept (%d of them forward-compatible, %d refused by a Python bug),"
        " %d reject (%d of them stricter than Python) -> %s"
        % (len(results), accepted + forward, forward, refused, rejected + stricter, stricter,
           os.path.relpath(OUTPUT, ROOT))
    )


if __name__ == "__main__":
    sys.exit(main())
