//! Inserting and reading rows for the write-side tests, outside any
//! `#[soft_delete]` scope (reads here see deleted rows too).

use crate::entities::{author, author_tag, badge, book, chapter, club, member, memo, profile, tag};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, Iterable, PrimaryKeyToColumn, QueryOrder,
};

pub async fn add_author(
    db: &DatabaseConnection,
    email: &str,
    first: &str,
    last: &str,
) -> author::Model {
    author::ActiveModel {
        email: Set(email.to_owned()),
        pen_first: Set(first.to_owned()),
        pen_last: Set(last.to_owned()),
        bio: Set(String::new()),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert author")
}

pub async fn add_book(db: &DatabaseConnection, author: &author::Model, title: &str) -> book::Model {
    book::ActiveModel {
        author_id: Set(author.id),
        title: Set(title.to_owned()),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert book")
}

pub async fn add_chapter(
    db: &DatabaseConnection,
    book: &book::Model,
    title: &str,
) -> chapter::Model {
    chapter::ActiveModel {
        book_id: Set(book.id),
        title: Set(title.to_owned()),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert chapter")
}

pub async fn add_profile(db: &DatabaseConnection, author: &author::Model) -> profile::Model {
    profile::ActiveModel {
        author_id: Set(author.id),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert profile")
}

pub async fn add_memo(db: &DatabaseConnection, author: &author::Model) -> memo::Model {
    memo::ActiveModel {
        author_id: Set(Some(author.id)),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert memo")
}

pub async fn add_tag(
    db: &DatabaseConnection,
    label: &str,
    linked: &[&author::Model],
) -> tag::Model {
    let tag = tag::ActiveModel {
        label: Set(label.to_owned()),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert tag");
    for author in linked {
        author_tag::ActiveModel {
            author_id: Set(author.id),
            tag_id: Set(tag.id),
        }
        .insert(db)
        .await
        .expect("insert link");
    }
    tag
}

pub async fn add_club(
    db: &DatabaseConnection,
    name: &str,
    members: &[(&str, bool)],
) -> club::Model {
    let club = club::ActiveModel {
        name: Set(name.to_owned()),
        is_active: Set(true),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert club");
    for (name, active) in members {
        member::ActiveModel {
            club_id: Set(club.id),
            name: Set((*name).to_owned()),
            is_active: Set(*active),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("insert member");
    }
    club
}

pub async fn add_badge(db: &DatabaseConnection, code: &str) -> badge::Model {
    badge::ActiveModel {
        code: Set(code.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert badge")
}

/// Every row of `E`, deleted or not, by primary key.
pub async fn all<E: EntityTrait>(db: &DatabaseConnection) -> Vec<E::Model> {
    let mut select = E::find();
    for key in E::PrimaryKey::iter() {
        select = select.order_by_asc(key.into_column());
    }
    select.all(db).await.expect("read rows")
}
