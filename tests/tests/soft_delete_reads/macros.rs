//! Queries inside macros whose bodies are not comma lists.

use crate::repo::Writers;
use crate::support::{record, seed, where_clause, writer_visible};
use harden_tests::on_every_backend;
use sea_orm::DatabaseConnection;

async fn queries_inside_select_and_matches_are_filtered(mut db: DatabaseConnection) {
    let seed = seed(&db).await;
    let backend = db.get_database_backend();
    let sql = record(&mut db);

    assert_eq!(
        Writers::raced(&db, seed.gone.id).await.unwrap(),
        None,
        "tokio::select!"
    );
    assert_eq!(
        Writers::raced(&db, seed.ann.id).await.unwrap(),
        Some(seed.ann.clone())
    );
    assert_eq!(
        Writers::raced_futures(&db, seed.gone.id).await.unwrap(),
        None,
        "futures::select!"
    );
    assert_eq!(
        Writers::raced_futures(&db, seed.ann.id).await.unwrap(),
        Some(seed.ann.clone())
    );
    assert!(
        !Writers::exists(&db, seed.gone.id).await.unwrap(),
        "matches!"
    );
    assert!(Writers::exists(&db, seed.ann.id).await.unwrap());
    let ran = sql.take();
    assert_eq!(ran.len(), 6, "{ran:?}");
    for statement in ran {
        assert!(
            where_clause(&statement).contains(&writer_visible(backend)),
            "{statement}"
        );
    }
}

on_every_backend!(queries_inside_select_and_matches_are_filtered);
