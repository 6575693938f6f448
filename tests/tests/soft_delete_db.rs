//! `#[soft_delete]` behaviour on SQLite, PostgreSQL and MariaDB: deleted rows
//! never come back from a read, deletes leave the row marked, and the escape
//! hatches do what they say.

use harden_runtime::SoftDeleteExt;
use harden_tests::entities::{membership, post, team, user};
use harden_tests::on_every_backend;
use harden_tests::repository::{HttpClient, Repo};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait,
};

async fn add_user(db: &DatabaseConnection, name: &str, active: bool) -> user::Model {
    user::ActiveModel {
        name: Set(name.to_owned()),
        is_active: Set(active),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert user")
}

async fn add_post(
    db: &DatabaseConnection,
    author: &user::Model,
    title: &str,
    deleted: bool,
) -> post::Model {
    let deleted_at = deleted.then(chrono::Utc::now);
    post::ActiveModel {
        user_id: Set(author.id),
        title: Set(title.to_owned()),
        deleted_at: Set(deleted_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert post")
}

async fn add_team(
    db: &DatabaseConnection,
    name: &str,
    listed: bool,
    member: &user::Model,
) -> team::Model {
    let team = team::ActiveModel {
        name: Set(name.to_owned()),
        listed: Set(listed),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert team");
    membership::ActiveModel {
        user_id: Set(member.id),
        team_id: Set(team.id),
    }
    .insert(db)
    .await
    .expect("insert membership");
    team
}

fn names(users: &[user::Model]) -> Vec<&str> {
    users.iter().map(|u| u.name.as_str()).collect()
}

async fn reads_never_return_inactive_rows(db: DatabaseConnection) {
    let ann = add_user(&db, "ann", true).await;
    let bob = add_user(&db, "bob", false).await;
    let cid = add_user(&db, "cid", true).await;

    assert_eq!(names(&Repo::users(&db).await.unwrap()), ["ann", "cid"]);
    assert_eq!(Repo::user(&db, ann.id).await.unwrap(), Some(ann.clone()));
    assert_eq!(
        Repo::user(&db, bob.id).await.unwrap(),
        None,
        "find_by_id must not find a deleted row"
    );
    assert_eq!(Repo::count_users(&db).await.unwrap(), 2);
    assert_eq!(Repo::max_user_id(&db).await.unwrap(), Some(cid.id));
    let (found, count) = Repo::user_and_count(&db, bob.id).await.unwrap();
    assert_eq!(
        (found, count),
        (None, 2),
        "reads inside try_join! are rewritten too"
    );
    // Unfiltered, the deleted row is still there.
    assert_eq!(
        user::Entity::find_with_inactive().count(&db).await.unwrap(),
        3
    );
}

async fn related_reads_filter_the_related_side(db: DatabaseConnection) {
    let ann = add_user(&db, "ann", true).await;
    let bob = add_user(&db, "bob", true).await;
    let gone = add_user(&db, "gone", false).await;
    let kept = add_post(&db, &ann, "kept", false).await;
    add_post(&db, &ann, "hidden", true).await;
    add_post(&db, &bob, "only child, hidden", true).await;
    let orphan = add_post(&db, &gone, "by a deleted author", false).await;

    assert_eq!(
        Repo::posts_of(&db, &ann).await.unwrap(),
        std::slice::from_ref(&kept)
    );
    assert!(Repo::posts_of(&db, &bob).await.unwrap().is_empty());

    let with = Repo::users_with_posts(&db).await.unwrap();
    let shape: Vec<(&str, Vec<&str>)> = with
        .iter()
        .map(|(u, posts)| {
            (
                u.name.as_str(),
                posts.iter().map(|p| p.title.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [("ann", vec!["kept"]), ("bob", vec![])],
        "bob's only post is deleted: bob still comes back"
    );

    let also = Repo::users_also_post(&db).await.unwrap();
    let shape: Vec<(&str, Option<&str>)> = also
        .iter()
        .map(|(u, p)| (u.name.as_str(), p.as_ref().map(|p| p.title.as_str())))
        .collect();
    assert_eq!(shape, [("ann", Some("kept")), ("bob", None)]);

    let users = vec![ann.clone(), bob.clone()];
    let loaded = Repo::load_posts(&db, &users).await.unwrap();
    assert_eq!(loaded, [vec![kept.clone()], vec![]]);
    let authors = Repo::load_authors(&db, &[kept, orphan]).await.unwrap();
    assert_eq!(
        authors,
        [Some(ann.clone()), None],
        "load_one must not load a deleted author"
    );

    let listed = add_team(&db, "listed", true, &ann).await;
    add_team(&db, "unlisted", false, &ann).await;
    assert_eq!(
        Repo::teams_of(&db, &ann).await.unwrap(),
        [listed],
        "many-to-many via an exempt join table"
    );
}

async fn deletes_mark_rows_instead_of_removing_them(db: DatabaseConnection) {
    let ann = add_user(&db, "ann", true).await;
    let bob = add_user(&db, "bob", true).await;
    let twin1 = add_user(&db, "twin", true).await;
    let twin2 = add_user(&db, "twin", true).await;

    assert_eq!(Repo::delete_user(&db, ann.id).await.unwrap(), 1);
    assert_eq!(
        Repo::delete_user(&db, ann.id).await.unwrap(),
        0,
        "an already deleted row is not deleted again"
    );
    assert_eq!(Repo::delete_users_named(&db, "twin").await.unwrap(), 2);
    assert_eq!(Repo::delete_user_model(&db, bob.clone()).await.unwrap(), 1);

    let rows = user::Entity::find_with_inactive().all(&db).await.unwrap();
    assert_eq!(rows.len(), 4, "no row was removed");
    assert!(
        rows.iter().all(|u| !u.is_active),
        "every row is marked deleted: {rows:?}"
    );
    for id in [ann.id, bob.id, twin1.id, twin2.id] {
        assert_eq!(Repo::user(&db, id).await.unwrap(), None);
    }

    let author = add_user(&db, "author", true).await;
    let first = add_post(&db, &author, "first", false).await;
    let second = add_post(&db, &author, "second", false).await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(5);
    assert_eq!(
        Repo::delete_post(&db, first.clone().into_active_model())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        Repo::delete_post_active_model(&db, second.clone().into_active_model())
            .await
            .unwrap(),
        1
    );
    for id in [first.id, second.id] {
        let row = post::Entity::find_with_inactive()
            .filter_id(id)
            .one(&db)
            .await
            .unwrap()
            .expect("row kept");
        let deleted_at = row.deleted_at.expect("deleted_at set");
        assert!(
            deleted_at > before,
            "deleted_at is the time of the delete: {deleted_at}"
        );
    }
    assert!(Repo::posts_of(&db, &author).await.unwrap().is_empty());
    assert_eq!(Repo::unrelated_delete(&HttpClient), "DELETE /users/1");
}

async fn restore_and_force_delete(db: DatabaseConnection) {
    let ann = add_user(&db, "ann", true).await;
    let bob = add_user(&db, "bob", true).await;
    Repo::delete_user(&db, ann.id).await.unwrap();

    assert_eq!(
        user::Entity::find_inactive().all(&db).await.unwrap().len(),
        1
    );
    let restored = user::Entity::restore_by_id(ann.id).exec(&db).await.unwrap();
    assert_eq!(restored.rows_affected, 1);
    assert_eq!(Repo::user(&db, ann.id).await.unwrap(), Some(ann.clone()));
    let again = user::Entity::restore_by_id(ann.id).exec(&db).await.unwrap();
    assert_eq!(
        again.rows_affected, 0,
        "restoring a visible row changes nothing"
    );

    let removed = user::Entity::force_delete_by_id(bob.id)
        .exec(&db)
        .await
        .unwrap();
    assert_eq!(removed.rows_affected, 1);
    assert_eq!(
        user::Entity::find_with_inactive().count(&db).await.unwrap(),
        1,
        "force delete removes the row"
    );

    let author = add_user(&db, "author", true).await;
    let post = add_post(&db, &author, "p", true).await;
    post::Entity::restore_by_id(post.id)
        .exec(&db)
        .await
        .unwrap();
    assert_eq!(
        Repo::posts_of(&db, &author).await.unwrap().len(),
        1,
        "a restored post has deleted_at = NULL"
    );
}

async fn exempt_entities_keep_hard_deletes(db: DatabaseConnection) {
    let ann = add_user(&db, "ann", true).await;
    let team = add_team(&db, "t", true, &ann).await;
    assert_eq!(Repo::leave_team(&db, ann.id, team.id).await.unwrap(), 1);
    assert_eq!(
        membership::Entity::find().count(&db).await.unwrap(),
        0,
        "the join row is really gone"
    );
}

async fn delete_edge_cases(db: DatabaseConnection) {
    use harden_tests::repository::UserReader;
    let ann = add_user(&db, "ann", true).await;
    let team = add_team(&db, "t", true, &ann).await;
    let membership = membership::Entity::find()
        .one(&db)
        .await
        .unwrap()
        .expect("membership");
    assert_eq!((membership.user_id, membership.team_id), (ann.id, team.id));
    assert_eq!(
        Repo::remove_membership(&db, membership.into_active_model())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        membership::Entity::find().count(&db).await.unwrap(),
        0,
        "exempt `am.delete(db)` is a real delete"
    );

    let keyless = post::ActiveModel {
        title: Set("no id".to_owned()),
        ..Default::default()
    };
    let err = Repo::delete_post(&db, keyless)
        .await
        .expect_err("an active model without its key cannot be deleted");
    assert!(
        matches!(err, sea_orm::DbErr::PrimaryKeyNotSet { ctx: "DeleteOne" }),
        "the error SeaORM's own delete gives: {err:?}"
    );

    Repo::delete_user(&db, ann.id).await.unwrap();
    assert!(
        Repo.visible_users(&db).await.unwrap().is_empty(),
        "trait impls are rewritten too"
    );
}

on_every_backend!(
    delete_edge_cases,
    reads_never_return_inactive_rows,
    related_reads_filter_the_related_side,
    deletes_mark_rows_instead_of_removing_them,
    restore_and_force_delete,
    exempt_entities_keep_hard_deletes,
);

trait FilterId {
    fn filter_id(self, id: i32) -> Self;
}

impl FilterId for sea_orm::Select<post::Entity> {
    fn filter_id(self, id: i32) -> Self {
        use sea_orm::{ColumnTrait, QueryFilter};
        self.filter(post::Column::Id.eq(id))
    }
}
