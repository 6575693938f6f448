//! 2.0 dense entities with relations of every kind: a writer has one badge
//! and many stories; a story has many remarks and many tags through an
//! exempt junction. Tables are prefixed `sr_`.

/// `is_active`, a unique `email` (so `find_by_email`), has one, has many.
pub mod writer {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sr_writers")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        #[sea_orm(unique)]
        pub email: String,
        pub is_active: bool,
        #[sea_orm(has_one)]
        pub badge: HasOne<super::badge::Entity>,
        #[sea_orm(has_many)]
        pub stories: HasMany<super::story::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// One per writer (a unique foreign key).
pub mod badge {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sr_badges")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        pub writer_id: i32,
        pub label: String,
        pub is_active: bool,
        #[sea_orm(belongs_to, from = "writer_id", to = "id")]
        pub writer: BelongsTo<super::writer::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// The timestamp strategy; belongs to a writer, has many remarks and tags.
pub mod story {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sr_stories")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub writer_id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(belongs_to, from = "writer_id", to = "id")]
        pub writer: BelongsTo<super::writer::Entity>,
        #[sea_orm(has_many)]
        pub remarks: HasMany<super::remark::Entity>,
        #[sea_orm(has_many, via = "story_tag")]
        pub tags: HasMany<super::tag::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `#[soft_delete]` below `#[sea_orm::model]`: the `ModelEx` copy carries
/// the loader's impls.
pub mod remark {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sr_remarks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub story_id: i32,
        pub body: String,
        pub is_active: bool,
        #[sea_orm(belongs_to, from = "story_id", to = "id")]
        pub story: BelongsTo<super::story::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod tag {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sr_tags")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub is_active: bool,
        #[sea_orm(has_many, via = "story_tag")]
        pub stories: HasMany<super::story::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// The junction: rows go with the tagging, so it is exempt.
pub mod story_tag {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(exempt = "junction: untagging removes the row")]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sr_story_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub story_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub tag_id: i32,
        #[sea_orm(belongs_to, from = "story_id", to = "id")]
        pub story: BelongsTo<super::story::Entity>,
        #[sea_orm(belongs_to, from = "tag_id", to = "id")]
        pub tag: BelongsTo<super::tag::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// A relation with `condition_type = any`: its keys and its own condition
/// are OR-ed, and the visible predicate must stay outside that.
pub mod shelf {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;
    use sea_orm::sea_query::{ConditionType, ExprTrait, IntoCondition};

    #[soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sr_shelves")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub story_id: i32,
        pub is_active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl Related<super::story::Entity> for Entity {
        fn to() -> RelationDef {
            Entity::belongs_to(super::story::Entity)
                .from(Column::StoryId)
                .to(super::story::Column::Id)
                .condition_type(ConditionType::Any)
                .on_condition(|_, story| {
                    Expr::col((story, super::story::Column::Title))
                        .eq("pinned")
                        .into_condition()
                })
                .into()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}
