//! The parts of the SWF service model (Smithy's JSON 1.0 "model.json" form) the generator reads.

use serde_json::Value;
use std::collections::BTreeMap;

/// One shape of the model.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// A string, with its enum values if it is an enum.
    String {
        enum_values: Vec<String>,
        min: Option<i64>,
        max: Option<i64>,
    },
    Integer {
        min: Option<i64>,
        max: Option<i64>,
    },
    Long {
        min: Option<i64>,
        max: Option<i64>,
    },
    Boolean,
    Timestamp,
    List {
        member: String,
        min: Option<i64>,
        max: Option<i64>,
    },
    Structure {
        members: Vec<Member>,
        exception: bool,
    },
}

/// A member of a structure, in the model's order (alphabetical by wire name).
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) wire_name: String,
    pub(crate) shape: String,
    pub(crate) required: bool,
}

/// One operation: its name, input and output shapes, and the faults it can return.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub(crate) name: String,
    pub(crate) input: Option<String>,
    pub(crate) output: Option<String>,
    pub(crate) errors: Vec<String>,
}

/// A paginated operation, from the paginators file.
#[derive(Debug, Clone)]
pub(crate) struct Paginator {
    pub(crate) operation: String,
    pub(crate) result_key: String,
}

/// The whole model.
#[derive(Debug)]
pub(crate) struct Model {
    pub(crate) shapes: BTreeMap<String, Shape>,
    pub(crate) operations: Vec<Operation>,
    pub(crate) paginators: Vec<Paginator>,
}

fn bound(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

fn str_of<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string `{key}` in {v}"))
}

impl Model {
    /// Parses the model and paginators JSON texts.
    pub(crate) fn parse(model_json: &str, paginators_json: &str) -> Result<Model, String> {
        let model: Value = serde_json::from_str(model_json).map_err(|e| e.to_string())?;
        let paginators: Value = serde_json::from_str(paginators_json).map_err(|e| e.to_string())?;

        let mut shapes = BTreeMap::new();
        let raw_shapes = model["shapes"].as_object().ok_or("model has no shapes")?;
        for (name, s) in raw_shapes {
            let shape = match str_of(s, "type")? {
                "string" => Shape::String {
                    enum_values: s
                        .get("enum")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                    min: bound(s, "min"),
                    max: bound(s, "max"),
                },
                "integer" => Shape::Integer {
                    min: bound(s, "min"),
                    max: bound(s, "max"),
                },
                "long" => Shape::Long {
                    min: bound(s, "min"),
                    max: bound(s, "max"),
                },
                "boolean" => Shape::Boolean,
                "timestamp" => Shape::Timestamp,
                "list" => Shape::List {
                    member: str_of(&s["member"], "shape")?.to_owned(),
                    min: bound(s, "min"),
                    max: bound(s, "max"),
                },
                "structure" => {
                    let required: Vec<&str> = s
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let mut members = Vec::new();
                    if let Some(ms) = s.get("members").and_then(Value::as_object) {
                        for (wire_name, m) in ms {
                            members.push(Member {
                                wire_name: wire_name.clone(),
                                shape: str_of(m, "shape")?.to_owned(),
                                required: required.contains(&wire_name.as_str()),
                            });
                        }
                    }
                    Shape::Structure {
                        members,
                        exception: s.get("exception").and_then(Value::as_bool).unwrap_or(false),
                    }
                }
                other => return Err(format!("shape {name} has unsupported type {other}")),
            };
            shapes.insert(name.clone(), shape);
        }

        let mut operations = Vec::new();
        for (name, o) in model["operations"]
            .as_object()
            .ok_or("model has no operations")?
        {
            operations.push(Operation {
                name: name.clone(),
                input: o
                    .get("input")
                    .map(|i| str_of(i, "shape").map(str::to_owned))
                    .transpose()?,
                output: o
                    .get("output")
                    .map(|i| str_of(i, "shape").map(str::to_owned))
                    .transpose()?,
                errors: o
                    .get("errors")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|e| e["shape"].as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
        operations.sort_by(|a, b| a.name.cmp(&b.name));

        let mut pages = Vec::new();
        for (op, p) in paginators["pagination"]
            .as_object()
            .ok_or("paginators file has no pagination")?
        {
            pages.push(Paginator {
                operation: op.clone(),
                result_key: str_of(p, "result_key")?.to_owned(),
            });
        }
        pages.sort_by(|a, b| a.operation.cmp(&b.operation));

        Ok(Model {
            shapes,
            operations,
            paginators: pages,
        })
    }

    /// The shape named `name`; the model is self-consistent, so a miss is a generator bug.
    pub(crate) fn shape(&self, name: &str) -> &Shape {
        self.shapes
            .get(name)
            .unwrap_or_else(|| panic!("model refers to unknown shape {name}"))
    }
}
