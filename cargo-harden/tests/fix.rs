//! `cargo harden fix` writes the entity annotations the findings name, keeps the file's
//! formatting, and changes nothing when run again.

mod common;

use common::{Ws, run};

const ENTITIES: &str = r#"pub mod user {
    use sea_orm::entity::prelude::*;

    /// A user.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
    }
}

pub mod post {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub deleted_at: Option<DateTimeUtc>,
    }
}

pub mod post_tag {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "post_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub post_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub tag_id: i32,
    }
}

pub mod refresh_token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "refresh_tokens")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub hash: String,
        pub expires_at: DateTimeUtc,
    }
}

pub mod bot_token {
    use sea_orm::entity::prelude::*;

    /// Revoking sets a flag: rows stay, so "revoked rows are deleted" would be false.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "bot_tokens")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub revoked: bool,
        pub expires_at: DateTimeUtc,
    }
}

pub mod erc20_token {
    use sea_orm::entity::prelude::*;

    /// Token contracts, not credentials: nothing expires.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "tokens")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub contract_address_hash: String,
        pub symbol: String,
    }
}

pub mod product {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "products")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub deleted: bool,
    }
}
"#;

fn fix(ws: &Ws) -> (i32, String, String) {
    let manifest = ws.manifest();
    run(&[
        "cargo-harden",
        "harden",
        "fix",
        "--manifest-path",
        &manifest,
    ])
}

#[test]
fn writes_each_annotation_the_columns_or_the_name_call_for() {
    let ws = Ws::new(ENTITIES);
    let (code, out, err) = fix(&ws);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 4 lines in 1 file"), "{err}");
    assert!(err.contains("3 findings need"), "{err}");
    let lib = std::fs::read_to_string(ws.path("src/lib.rs")).expect("lib.rs");
    for (above, line) in [
        (
            "    /// A user.\n",
            "    #[harden_runtime::soft_delete]\n    #[derive(",
        ),
        (
            "",
            "    #[harden_runtime::soft_delete(deleted_at)]\n    #[derive(",
        ),
        (
            "",
            "    #[harden_runtime::soft_delete(exempt = \"join table\")]\n    #[derive(",
        ),
        (
            "",
            "    #[harden_runtime::soft_delete(exempt = \"credentials: revoked or expired rows are deleted\")]\n    #[derive(",
        ),
    ] {
        assert!(
            lib.contains(&format!("{above}{line}")),
            "missing `{line}` in\n{lib}\n{out}"
        );
    }
    // Left for a person to decide, with a help that says why: the token tables whose rows
    // are revoked by a flag or never expire, and the inverted flag.
    let (_, findings) = ws.findings(&[]);
    let left: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "entity-not-soft-delete-annotated")
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    let help = |i: usize| left[i]["help"].as_str().unwrap_or("").to_string();
    for i in [0, 1] {
        assert!(
            help(i).starts_with(
                "add `#[harden_runtime::soft_delete]` with an `is_active: bool` column"
            ),
            "{}",
            help(i)
        );
    }
    assert!(
        help(2).contains("`deleted` is true for deleted rows"),
        "{}",
        help(2)
    );
}

#[test]
fn running_it_again_changes_nothing() {
    let ws = Ws::new(ENTITIES);
    assert_eq!(fix(&ws).0, 0);
    let once = std::fs::read_to_string(ws.path("src/lib.rs")).expect("lib.rs");
    let (code, _, err) = fix(&ws);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 0 lines in 0 files"), "{err}");
    let twice = std::fs::read_to_string(ws.path("src/lib.rs")).expect("lib.rs");
    assert_eq!(once, twice);
}

#[test]
fn dry_run_writes_nothing_and_rule_must_exist() {
    let ws = Ws::new(ENTITIES);
    let manifest = ws.manifest();
    let (code, out, _) = run(&[
        "cargo-harden",
        "harden",
        "fix",
        "--dry-run",
        "--manifest-path",
        &manifest,
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("src/lib.rs:5: #[harden_runtime::soft_delete]"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(ws.path("src/lib.rs")).expect("lib.rs"),
        ENTITIES
    );
    let (code, _, err) = run(&[
        "cargo-harden",
        "harden",
        "fix",
        "--rule",
        "entity-not-soft-delete-anotated",
        "--manifest-path",
        &manifest,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("entity-not-soft-delete-annotated"), "{err}");
}
