//! The completeness test: the Rust API covers the service model exactly.
//!
//! It reads the model file itself (not the generator's view of it) and fails if any operation,
//! structure member or enum value is missing from the Rust API or spelled differently on the wire.
//! Each structure is checked by decoding a JSON sample with every member set, and encoding it
//! again: a member the Rust type lacks, or names differently, is dropped or renamed on the way and
//! the two no longer match.

use crate::generated::operations::Operation;
use crate::generated::shapes::{MODELED_FAULTS, enum_value_known, roundtrip_structure};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

fn model() -> Value {
    serde_json::from_str(include_str!("../model/swf-2012-01-25.model.json")).expect("model parses")
}

/// A JSON value of `shape` that respects the model's bounds, with every member set.
fn sample(shapes: &Value, shape: &str) -> Value {
    let s = &shapes[shape];
    let min = s["min"].as_i64();
    let max = s["max"].as_i64();
    match s["type"].as_str().unwrap() {
        "string" => match s["enum"].as_array() {
            Some(values) => values[0].clone(),
            None => {
                let len = min.unwrap_or(1).max(1).min(max.unwrap_or(i64::MAX)) as usize;
                Value::String("s".repeat(len))
            }
        },
        "integer" | "long" => json!(min.unwrap_or(1).max(1).min(max.unwrap_or(i64::MAX))),
        "boolean" => json!(true),
        "timestamp" => json!(1_700_000_000.5),
        "list" => json!([sample(shapes, s["member"]["shape"].as_str().unwrap())]),
        "structure" => {
            let mut obj = Map::new();
            for (name, m) in s["members"].as_object().unwrap() {
                obj.insert(name.clone(), sample(shapes, m["shape"].as_str().unwrap()));
            }
            Value::Object(obj)
        }
        other => panic!("unexpected shape type {other}"),
    }
}

#[test]
fn every_operation_is_in_the_api_with_its_shapes_and_faults() {
    let model = model();
    let ops = model["operations"].as_object().unwrap();
    assert_eq!(
        Operation::ALL.len(),
        ops.len(),
        "operation count differs from the model"
    );
    assert_eq!(ops.len(), 39);
    for (name, op) in ops {
        let rust =
            Operation::from_name(name).unwrap_or_else(|| panic!("operation {name} is missing"));
        assert_eq!(rust.name(), name);
        assert_eq!(
            rust.input_shape(),
            op["input"]["shape"].as_str().unwrap(),
            "{name} input"
        );
        assert_eq!(
            rust.output_shape(),
            op["output"]["shape"].as_str(),
            "{name} output"
        );
        let faults: BTreeSet<&str> = op["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["shape"].as_str().unwrap())
            .collect();
        assert_eq!(
            rust.faults().iter().copied().collect::<BTreeSet<_>>(),
            faults,
            "{name} faults"
        );
    }
}

#[test]
fn every_structure_member_roundtrips_with_its_wire_name() {
    let model = model();
    let shapes = &model["shapes"];
    let mut checked = 0;
    for (name, s) in shapes.as_object().unwrap() {
        if s["type"] != "structure" || s["exception"] == json!(true) {
            continue;
        }
        let input = sample(shapes, name);
        let output = roundtrip_structure(name, input.clone())
            .unwrap_or_else(|| panic!("structure {name} has no Rust type"))
            .unwrap_or_else(|e| panic!("structure {name} does not decode its sample: {e}"));
        assert_eq!(output, input, "structure {name} loses or renames members");
        checked += 1;
    }
    assert_eq!(checked, 143, "every non-fault structure was checked");
}

#[test]
fn every_enum_value_is_known_and_unknown_values_are_kept() {
    let model = model();
    let mut checked = 0;
    for (name, s) in model["shapes"].as_object().unwrap() {
        let Some(values) = s["enum"].as_array() else {
            continue;
        };
        for v in values {
            let v = v.as_str().unwrap();
            assert_eq!(
                enum_value_known(name, v),
                Some(true),
                "enum {name} value {v}"
            );
            checked += 1;
        }
        assert_eq!(
            enum_value_known(name, "A_VALUE_FROM_THE_FUTURE"),
            Some(false),
            "enum {name}"
        );
    }
    assert!(checked > 100, "only {checked} enum values checked");
}

#[test]
fn every_modeled_fault_is_listed() {
    let model = model();
    let faults: BTreeSet<&str> = model["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, s)| s["exception"] == json!(true))
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(
        MODELED_FAULTS.iter().copied().collect::<BTreeSet<_>>(),
        faults
    );
    assert_eq!(faults.len(), 11);
}
