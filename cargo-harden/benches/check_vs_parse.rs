//! Times `cargo harden check` against parsing the same files with `syn` alone, on the same
//! number of threads, over a generated workspace of axum/SeaORM-style crates.
//!
//! `cargo bench -p cargo-harden --bench check_vs_parse` (not run in CI).
//! `HARDEN_BENCH_CRATES` sets the number of crates (default 300, about 500k lines);
//! `HARDEN_BENCH_DIR` generates the workspace there and keeps it (for profiling);
//! `HARDEN_BENCH_WORKSPACE` points it at an existing workspace (its root `Cargo.toml`'s
//! directory) instead, whose files the check reads are the ones parsed.
//!
//! Two comparisons: in this process (the library's `run_with` against `syn::parse_file`),
//! and as fresh processes (the `cargo-harden` binary, as CI runs it, against this bench
//! binary re-run to parse only). The second is what a user waits for; the first also
//! charges the check for the allocator state earlier runs left behind.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const FILES_PER_CRATE: usize = 10;

fn entity(c: usize, i: usize) -> String {
    format!(
        r#"//! Entity {i} of crate {c}.
use sea_orm::entity::prelude::*;

#[harden_runtime::soft_delete]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "table_{c}_{i}")]
pub struct Model {{
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub email: String,
    pub is_active: bool,
    pub created_at: DateTimeUtc,
}}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {{}}

impl ActiveModelBehavior for ActiveModel {{}}
"#
    )
}

fn service(c: usize, i: usize) -> String {
    let mut s = format!(
        r#"//! Service {i} of crate {c}.
use axum::{{extract::{{Path, State}}, routing::{{get, post}}, Json, Router}};
use sea_orm::*;
use crate::entity_{i} as ent;

pub struct Repo{i}Repository;

#[harden_runtime::soft_delete]
impl Repo{i}Repository {{
    pub async fn by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<ent::Model>, DbErr> {{
        ent::Entity::find_by_id(id).one(db).await
    }}

    pub async fn remove(db: &impl ConnectionTrait, id: i32) -> Result<u64, DbErr> {{
        Ok(ent::Entity::delete_by_id(id).exec(db).await?.rows_affected)
    }}
}}

pub struct Thing{i}Service {{
    db: DatabaseConnection,
}}

impl Thing{i}Service {{
"#
    );
    for m in 0..12 {
        s.push_str(&format!(
            r#"    #[harden_runtime::transactional(conn = self.db)]
    #[tracing::instrument(skip(self))]
    pub async fn action_{m}(&self, id: i32, name: String) -> Result<Option<ent::Model>, DbErr> {{
        let found = Repo{i}Repository::by_id(&self.db, id).await?;
        let Some(model) = found else {{
            tracing::warn!(id, "not found");
            return Ok(None);
        }};
        let mut am: ent::ActiveModel = model.clone().into();
        am.name = Set(format!("{{name}}-{{}}", {m}));
        let updated = am.update(&self.db).await?;
        if updated.email.ends_with("@example.com") && updated.id % 7 == {m} {{
            tracing::info!(user_id = updated.id, "updated");
        }}
        let count = ent::Entity::find()
            .filter(ent::Column::IsActive.eq(true))
            .filter(ent::Column::Name.contains("x"))
            .count(&self.db)
            .await?;
        tracing::debug!(count, "visible rows");
        Ok(Some(updated))
    }}

"#
        ));
    }
    s.push_str("}\n\n");
    s.push_str(&format!(
        r#"pub fn router(state: AppState) -> Router {{
    Router::new()
        .route("/things/{i}/:id", get(show_{i}))
        .route("/things/{i}", post(create_{i}))
        .with_state(state)
}}

async fn show_{i}(State(state): State<AppState>, Path(id): Path<i32>) -> Result<Json<Option<ent::Model>>, AppError> {{
    Ok(Json(state.things.action_0(id, String::new()).await?))
}}

async fn create_{i}(State(state): State<AppState>, Json(body): Json<NewThing>) -> Result<Json<Option<ent::Model>>, AppError> {{
    Ok(Json(state.things.action_1(body.id, body.name).await?))
}}
"#
    ));
    s
}

fn generate(root: &Path, crates: usize) -> (Vec<PathBuf>, usize) {
    let mut members = Vec::new();
    let mut files = Vec::new();
    let mut lines = 0;
    let mut write = |path: PathBuf, text: String| {
        lines += text.lines().count();
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    };
    for c in 0..crates {
        let dir = root.join(format!("crates/svc_{c}"));
        members.push(format!("\"crates/svc_{c}\""));
        write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"svc_{c}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n"),
        );
        let mut lib = String::new();
        for i in 0..FILES_PER_CRATE / 2 {
            lib.push_str(&format!("pub mod entity_{i};\npub mod service_{i};\n"));
            write(dir.join(format!("src/entity_{i}.rs")), entity(c, i));
            write(dir.join(format!("src/service_{i}.rs")), service(c, i));
        }
        write(dir.join("src/lib.rs"), lib);
    }
    write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    (files, lines)
}

fn parse_only(files: &[PathBuf]) -> usize {
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let parsed = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            std::thread::Builder::new()
                .stack_size(64 * 1024 * 1024)
                .spawn_scoped(s, || {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let text = std::fs::read_to_string(path).expect("read");
                        if syn::parse_file(&text).is_ok() {
                            parsed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                })
                .expect("spawn");
        }
    });
    parsed.into_inner()
}

/// Wall-clock time of `f`.
fn timed(f: &mut impl FnMut()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

/// `--parse-only-child LIST`: parse the files listed in LIST and exit; the process-level
/// baseline.
fn parse_only_child() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let Some(at) = args.iter().position(|a| a == "--parse-only-child") else {
        return false;
    };
    let list = std::fs::read_to_string(&args[at + 1]).expect("file list");
    let files: Vec<PathBuf> = list.lines().map(PathBuf::from).collect();
    assert!(parse_only(&files) > 0);
    true
}

/// Wall-clock time of running `command` to completion.
fn timed_process(command: &mut std::process::Command) -> Duration {
    let t = Instant::now();
    let status = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("spawn");
    assert_ne!(status.code(), Some(2), "{command:?} could not run");
    t.elapsed()
}

fn main() {
    if parse_only_child() {
        return;
    }
    let crates = std::env::var("HARDEN_BENCH_CRATES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let temp = tempfile::tempdir().expect("temporary directory");
    let (root, files, lines) = match std::env::var_os("HARDEN_BENCH_WORKSPACE") {
        Some(dir) => {
            let root = PathBuf::from(dir);
            let files =
                cargo_harden::workspace_rust_files(&root.join("Cargo.toml")).expect("a workspace");
            let lines = files
                .iter()
                .map(|f| std::fs::read_to_string(f).map_or(0, |t| t.lines().count()))
                .sum();
            println!("workspace: {}", root.display());
            (root, files, lines)
        }
        None => {
            let root = match std::env::var_os("HARDEN_BENCH_DIR") {
                Some(dir) => PathBuf::from(dir),
                None => temp.path().to_path_buf(),
            };
            let (files, lines) = generate(&root, crates);
            println!("workspace: {crates} generated crates");
            (root, files, lines)
        }
    };
    let manifest = root.join("Cargo.toml").display().to_string();
    println!("{} files, {lines} lines", files.len());

    // A real workspace may hold a file syn cannot parse; it is parsed all the same.
    let mut parse_once = || {
        assert!(parse_only(&files) > 0);
    };
    let mut check_once = || {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = cargo_harden::run_with(
            [
                "cargo-harden",
                "check",
                "--manifest-path",
                manifest.as_str(),
                "--format",
                "json",
            ],
            &mut out,
            &mut err,
        );
        assert_ne!(code, 2, "{}", String::from_utf8_lossy(&err));
    };
    // Interleaved, best of `runs` each: a machine busy with other work slows both alike.
    let runs = std::env::var("HARDEN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let (mut parse, mut check) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        parse = parse.min(timed(&mut parse_once));
        check = check.min(timed(&mut check_once));
        // The check frees its model on a background thread; let that finish untimed.
        std::thread::sleep(Duration::from_millis(300));
    }
    println!("in process:");
    println!("  syn::parse_file only: {parse:?}");
    println!("  cargo harden check:   {check:?}");
    println!(
        "  ratio check / parse:  {:.2}",
        check.as_secs_f64() / parse.as_secs_f64()
    );

    let list = temp.path().join("bench-files.txt");
    let listing: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    std::fs::write(&list, listing.join("\n")).expect("file list");
    let me = std::env::current_exe().expect("bench binary");
    let (mut parse, mut check) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        parse = parse.min(timed_process(
            std::process::Command::new(&me)
                .arg("--parse-only-child")
                .arg(&list),
        ));
        check = check.min(timed_process(
            std::process::Command::new(env!("CARGO_BIN_EXE_cargo-harden")).args([
                "harden",
                "check",
                "--manifest-path",
                manifest.as_str(),
                "--format",
                "json",
            ]),
        ));
    }
    println!("as processes:");
    println!("  syn::parse_file only: {parse:?}");
    println!("  cargo harden check:   {check:?}");
    println!(
        "  ratio check / parse:  {:.2}",
        check.as_secs_f64() / parse.as_secs_f64()
    );
}
