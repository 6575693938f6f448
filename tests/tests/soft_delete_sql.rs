//! The SQL a rewritten query produces is, text for text, the SQL of the
//! hand-written filter, on each backend.

use harden_tests::entities::{post, user};
use harden_tests::repository::queries;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, JoinType, QueryFilter, QuerySelect, QueryTrait, Related,
};

const BACKENDS: [DbBackend; 3] = [DbBackend::Sqlite, DbBackend::Postgres, DbBackend::MySql];

#[test]
fn find_is_find_filtered_on_is_active() {
    for backend in BACKENDS {
        let rewritten = queries::all_users().build(backend).to_string();
        let by_hand = user::Entity::find()
            .filter(user::Column::IsActive.eq(true))
            .build(backend)
            .to_string();
        assert_eq!(rewritten, by_hand, "{backend:?}");
    }
}

#[test]
fn find_by_id_is_find_by_id_filtered_on_is_active() {
    for backend in BACKENDS {
        let rewritten = queries::user_by_id(7).build(backend).to_string();
        let by_hand = user::Entity::find_by_id(7)
            .filter(user::Column::IsActive.eq(true))
            .build(backend)
            .to_string();
        assert_eq!(rewritten, by_hand, "{backend:?}");
    }
}

#[test]
fn timestamp_strategy_filters_on_null() {
    for backend in BACKENDS {
        let rewritten = queries::all_posts().build(backend).to_string();
        let by_hand = post::Entity::find()
            .filter(post::Column::DeletedAt.is_null())
            .build(backend)
            .to_string();
        assert_eq!(rewritten, by_hand, "{backend:?}");
    }
}

#[test]
fn find_also_related_filters_in_the_join_not_the_where() {
    for backend in BACKENDS {
        let rewritten = queries::users_also_post().build(backend).to_string();
        let relation = <user::Entity as Related<post::Entity>>::to()
            .on_condition(|_, to| Expr::col((to, post::Column::DeletedAt)).is_null().into());
        let by_hand = user::Entity::find()
            .filter(user::Column::IsActive.eq(true))
            .join(JoinType::LeftJoin, relation)
            .select_also(post::Entity)
            .build(backend)
            .to_string();
        assert_eq!(rewritten, by_hand, "{backend:?}");
        let (_, after_on) = rewritten.split_once(" ON ").expect("a join");
        let (on_clause, where_clause) = after_on.split_once(" WHERE ").expect("a where");
        assert!(
            on_clause.contains("deleted_at") && on_clause.contains("IS NULL"),
            "{rewritten}"
        );
        assert!(
            !where_clause.contains("deleted_at"),
            "the child filter must not be in WHERE: {rewritten}"
        );
    }
}

#[test]
fn nested_annotation_filters_once() {
    for backend in BACKENDS {
        let nested = harden_tests::repository::Repo::nested_query()
            .build(backend)
            .to_string();
        let once = queries::all_users().build(backend).to_string();
        assert_eq!(nested, once, "{backend:?}");
    }
}
