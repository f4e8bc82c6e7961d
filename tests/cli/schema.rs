//! `dossier schema`: the schema is valid JSON Schema, accepts every entry of
//! the example journal (read with dossier's own parser) and rejects invalid
//! frontmatter.

use dossier::entry::{Choice, Kind};
use dossier::node::{Node, Value as NodeValue};
use serde_json::{Value, json};

use crate::support::{TestJournal, example_journal};

/// A frontmatter tree as the JSON a YAML language server would see.
fn to_json(node: &Node) -> Value {
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Int(i) => json!(i),
        NodeValue::Float(f) => json!(f),
        NodeValue::Str(s) | NodeValue::Datetime(s) => Value::String(s.clone()),
        NodeValue::List(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| (key.name.clone(), to_json(value)))
                .collect(),
        ),
    }
}

/// The frontmatter of `text` as JSON.
fn frontmatter(text: &str) -> Value {
    let mut diagnostics = Vec::new();
    let parsed = dossier::parse::parse(text.to_string(), 0, &mut diagnostics);
    assert!(diagnostics.is_empty(), "{text}");
    to_json(parsed.frontmatter.as_ref().expect("frontmatter"))
}

fn validator(kind: Option<Kind>) -> jsonschema::Validator {
    let schema = dossier::schema::json(kind);
    assert!(
        jsonschema::meta::is_valid(&schema),
        "not a valid JSON Schema: {schema:#}"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_accepts_every_entry_of_the_example_journal() {
    let any = validator(None);
    let mut seen = 0;
    for &(_, kind) in Kind::ALL {
        let own = validator(Some(kind));
        let folder = example_journal().join(kind.folder());
        for file in std::fs::read_dir(&folder).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let value = frontmatter(&std::fs::read_to_string(&path).unwrap());
            let problems = errors(&own, &value);
            assert!(problems.is_empty(), "{}: {problems:?}", path.display());
            assert!(any.is_valid(&value), "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 40, "only {seen} entries read");
}

#[test]
fn the_schema_rejects_invalid_frontmatter() {
    let goal = validator(Some(Kind::Goal));
    let good = frontmatter(
        "---\ntitle: T\nstatus: active\nstarted: 2026-01-05\nleverage: execution\ntags: [a]\naliases: [x]\ncssclasses: wide\n---\n",
    );
    assert_eq!(errors(&goal, &good), Vec::<String>::new());
    let dropped = frontmatter(
        "---\ntitle: T\nstatus: dropped\nstarted: 2026-01-05\nfinished: 2026-02-01\n---\n",
    );
    assert_eq!(errors(&goal, &dropped), Vec::<String>::new());
    for (why, yaml) in [
        (
            "unknown field",
            "title: T\nstatus: active\nstarted: 2026-01-05\nstauts: x\n",
        ),
        (
            "bad status",
            "title: T\nstatus: actve\nstarted: 2026-01-05\n",
        ),
        ("missing title", "status: active\nstarted: 2026-01-05\n"),
        (
            "wrong type",
            "title: [a, b]\nstatus: active\nstarted: 2026-01-05\n",
        ),
        (
            "bad date",
            "title: T\nstatus: active\nstarted: 2026-13-40\n",
        ),
        (
            "bad leverage",
            "title: T\nstatus: active\nstarted: 2026-01-05\nleverage: [charm]\n",
        ),
        (
            "other kind",
            "title: T\nstatus: active\nstarted: 2026-01-05\nkind: update\n",
        ),
        (
            "done without finished",
            "title: T\nstatus: done\nstarted: 2026-01-05\nimpact: I\n",
        ),
        (
            "done without impact",
            "title: T\nstatus: done\nstarted: 2026-01-05\nfinished: 2026-02-01\n",
        ),
        (
            "active with finished",
            "title: T\nstatus: active\nstarted: 2026-01-05\nfinished: 2026-02-01\n",
        ),
        (
            "private is a boolean",
            "title: T\nstatus: active\nstarted: 2026-01-05\nprivate: yes\n",
        ),
    ] {
        let value = frontmatter(&format!("---\n{yaml}---\n"));
        assert!(!goal.is_valid(&value), "{why}: accepted {value}");
    }

    let meeting = validator(Some(Kind::Meeting));
    let ok = frontmatter(
        "---\ndate: 2026-01-22\nwith:\n  - Rosa Delgado (VP)\n  - { name: Nadia, role: Lead, org: Support }\ntype: cross-team\n---\n",
    );
    assert_eq!(errors(&meeting, &ok), Vec::<String>::new());
    for yaml in [
        "date: 2026-01-22\n",
        "date: 2026-01-22\nwith: [{ role: Lead }]\n",
        "date: 2026-01-22\nwith: [{ name: A, team: B }]\n",
        "date: 2026-01-22\nwith: A\ntype: lunch\n",
    ] {
        let value = frontmatter(&format!("---\n{yaml}---\n"));
        assert!(!meeting.is_valid(&value), "accepted {value}");
    }

    let update = validator(Some(Kind::Update));
    for (yaml, valid) in [
        ("date: 2026-03-13\nperiod: 2026-03-02..2026-03-13\n", true),
        (
            "date: 2026-03-13\nperiod: { from: 2026-03-02, to: 2026-03-13 }\n",
            true,
        ),
        ("date: 2026-03-13\nto: Sam\ngoals: x\n", true),
        ("date: 2026-03-13\nperiod: last two weeks\n", false),
        ("date: 2026-03-13\nperiod: { from: 2026-03-02 }\n", false),
    ] {
        let value = frontmatter(&format!("---\n{yaml}---\n"));
        assert_eq!(update.is_valid(&value), valid, "{value}");
    }
}

#[test]
fn schema_goal_prints_the_statuses() {
    let journal = TestJournal::bare();
    let run = journal.run(&["schema", "goal"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        schema["properties"]["status"]["enum"],
        json!(["proposed", "active", "blocked", "done", "dropped"])
    );
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["properties"]["started"],
        json!({"description": "When work began, `YYYY-MM-DD`.", "type": "string", "format": "date"})
    );

    let run = journal.run(&["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(schema["anyOf"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        schema["$defs"]["meeting"]["properties"]["type"]["enum"],
        json!([
            "one-on-one",
            "skip-level",
            "senior-leader",
            "cross-team",
            "mentoring",
            "other",
            null
        ])
    );

    let run = journal.run(&["schema", "memo"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// The names of the properties without a description, at any depth.
fn undescribed(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = object.get("properties") {
                for (name, property) in properties {
                    if property.get("description").is_none() {
                        found.push(format!("{path}.{name}"));
                    }
                }
            }
            for (key, inner) in object {
                undescribed(inner, &format!("{path}/{key}"), found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| undescribed(v, path, found)),
        _ => {}
    }
}

/// `dossier schema packet` documents every field of `dossier packet
/// --format json`, and the example packet is valid against it.
#[test]
fn the_packet_json_is_described_field_by_field() {
    let journal = TestJournal::new();
    let run = journal.run(&["schema", "packet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(jsonschema::meta::is_valid(&schema), "not a JSON Schema");
    let mut missing = Vec::new();
    undescribed(&schema, "", &mut missing);
    assert!(missing.is_empty(), "fields without a meaning: {missing:?}");
    for field in [
        "summary",
        "counts",
        "cadence",
        "network",
        "provenance",
        "texts",
    ] {
        assert!(
            schema["properties"][field]["description"].is_string(),
            "{field}"
        );
    }

    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("packet.json");
    let run = crate::support::run_in(
        out.path(),
        &[
            "packet",
            example_journal().to_str().unwrap(),
            "--today",
            crate::support::TODAY,
            "--format",
            "json",
            "-o",
            json.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let packet: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let problems = errors(&validator, &packet);
    assert!(problems.is_empty(), "{problems:#?}");
    // It can fail: a packet missing a required field is refused.
    let mut broken = packet.clone();
    broken.as_object_mut().unwrap().remove("counts");
    assert!(!validator.is_valid(&broken));
}

/// `dossier check --format json` gives each diagnostic its range (`start`,
/// `end`: line, column in characters, byte offset), and the output of a
/// journal with several problems is valid against `dossier schema
/// diagnostics`, which describes every field.
#[test]
fn the_diagnostics_json_has_ranges_and_matches_its_schema() {
    let journal = TestJournal::new();
    let goal =
        "---\ntitle: Café ☕\nstatus: actve\nstarted: 2026-01-05\nallow: [café, empty-bdy]\n---\n";
    journal
        .file("goals/g.md", goal)
        .file("updates/2026-03-13.md", "---\ndate: 2026-03-13\n---\n");
    let run = journal.run(&[
        "check",
        "--format",
        "json",
        "--today",
        crate::support::TODAY,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let output: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let diagnostics = output.as_array().unwrap();
    assert!(diagnostics.len() >= 4, "{output:#}");

    let run = journal.run(&["schema", "diagnostics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(jsonschema::meta::is_valid(&schema), "not a JSON Schema");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut missing = Vec::new();
    undescribed(&schema, "", &mut missing);
    assert!(missing.is_empty(), "fields without a meaning: {missing:?}");
    let validator = jsonschema::options()
        .build(&schema)
        .expect("the schema compiles");
    let problems = errors(&validator, &output);
    assert!(problems.is_empty(), "{problems:#?}");
    // It can fail: a diagnostic without its rule, or with a rule that does
    // not exist, or a position without its offset, is refused.
    for break_it in [
        (|d: &mut Value| {
            d.as_object_mut().unwrap().remove("rule");
        }) as fn(&mut Value),
        |d| d["rule"] = "no-such-rule".into(),
        |d| {
            d["start"].as_object_mut().unwrap().remove("offset");
        },
    ] {
        let mut broken = output.clone();
        let placed = diagnostics
            .iter()
            .position(|d| d["start"].is_object())
            .unwrap();
        break_it(&mut broken[placed]);
        assert!(!validator.is_valid(&broken), "{:#}", broken[placed]);
    }

    let find = |rule: &str, path: &str| -> Vec<&Value> {
        diagnostics
            .iter()
            .filter(|d| d["rule"] == rule && d["path"] == path)
            .collect()
    };
    let position = |line: u64, column: u64, offset: usize| json!({"line": line, "column": column, "offset": offset});
    // `actve`: five characters on line 3.
    let status = find("invalid-value", "goals/g.md");
    let at = goal.find("actve").unwrap();
    let actve = status
        .iter()
        .find(|d| d["start"]["offset"] == at)
        .expect("actve");
    assert_eq!(actve["start"], position(3, 9, at));
    assert_eq!(actve["end"], position(3, 14, at + 5));
    assert_eq!((&actve["line"], &actve["column"]), (&json!(3), &json!(9)));
    // After `é` (two bytes, one character), columns and offsets part.
    let at = goal.find("empty-bdy").unwrap();
    let bdy = status
        .iter()
        .find(|d| d["start"]["offset"] == at)
        .expect("empty-bdy");
    assert_eq!(bdy["start"], position(5, 15, at));
    assert_eq!(bdy["end"], position(5, 24, at + "empty-bdy".len()));
    // An empty body: a zero-width range at the end of the file.
    let text_len = "---\ndate: 2026-03-13\n---\n".len();
    let empty = find("empty-body", "updates/2026-03-13.md");
    assert_eq!(empty.len(), 1, "{output:#}");
    assert_eq!(empty[0]["start"], empty[0]["end"]);
    assert_eq!(empty[0]["start"], position(4, 1, text_len));
    // A problem of the journal as a whole has no place.
    let global = diagnostics
        .iter()
        .find(|d| d["rule"] == "no-history")
        .expect("no-history");
    assert!(global["path"].is_null() && global["start"].is_null() && global["end"].is_null());
}
