//! `--format sarif` output is valid SARIF 2.1.0 (checked against the schema) and has what
//! GitHub code scanning reads: rule metadata, `security-severity`, fingerprints.

mod common;

use common::Ws;
use serde_json::Value;

/// Findings of several rules, with secondary locations (labels) and help text.
const LIB: &str = r#"
pub mod user {
    use sea_orm::entity::prelude::*;

    #[harden_runtime::soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
    }
}

pub mod order {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "orders")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
    }
}

use sea_orm::*;

pub async fn get_user(db: &DatabaseConnection, id: i32) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

pub async fn place(db: &DatabaseConnection, u: user::ActiveModel, o: order::ActiveModel) -> Result<(), DbErr> {
    user::Entity::insert(u).exec(db).await?;
    order::Entity::insert(o).exec(db).await?;
    Ok(())
}

pub fn login(password: &str) {
    tracing::info!(password, "login");
    dbg!(password.len());
}
"#;

fn schema_validator() -> jsonschema::Validator {
    let text = include_str!("sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn sarif_of(ws: &Ws) -> Value {
    let (code, out, err) = ws.check(&["--format", "sarif"]);
    assert_ne!(code, 2, "{err}");
    serde_json::from_str(&out).expect("SARIF output is JSON")
}

fn assert_valid(doc: &Value) {
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_with_findings_and_related_locations_validates_against_the_schema() {
    let doc = sarif_of(&Ws::new(LIB));
    let results = doc["runs"][0]["results"].as_array().expect("results");
    let rules: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    for rule in [
        "unfiltered-soft-delete-read",
        "multi-table-write-outside-transaction",
        "secret-in-log",
        "dbg-macro",
    ] {
        assert!(rules.contains(&rule), "no `{rule}` result in {rules:?}");
    }
    assert!(
        results.iter().any(|r| r["relatedLocations"].is_array()),
        "some result carries labels as related locations"
    );
    assert_valid(&doc);
}

#[test]
fn sarif_without_findings_validates_against_the_schema() {
    let doc = sarif_of(&Ws::new("pub fn add(a: i32, b: i32) -> i32 { a + b }\n"));
    assert_eq!(doc["runs"][0]["results"], Value::Array(Vec::new()));
    assert_valid(&doc);
}

#[test]
fn schema_rejects_what_code_scanning_would_reject() {
    // The validator is not vacuous: a wrong level and a missing message fail.
    let mut doc = sarif_of(&Ws::new(LIB));
    doc["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_validator().is_valid(&doc));
    let mut doc = sarif_of(&Ws::new(LIB));
    if let Some(result) = doc["runs"][0]["results"][0].as_object_mut() {
        result.remove("message");
    }
    assert!(!schema_validator().is_valid(&doc));
}

#[test]
fn every_rule_has_code_scanning_metadata() {
    let doc = sarif_of(&Ws::new(LIB));
    let driver = &doc["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), cargo_harden::rules::all().count());
    for rule in rules {
        let severity = rule["properties"]["security-severity"]
            .as_str()
            .and_then(|s| s.parse::<f64>().ok())
            .expect("security-severity is a number in a string");
        assert!((0.0..=10.0).contains(&severity));
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(rule["help"]["markdown"].is_string());
    }
    for result in doc["runs"][0]["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_string());
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
    }
}
