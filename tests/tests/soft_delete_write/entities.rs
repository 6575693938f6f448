//! SeaORM 2.0 dense entities for the write-side tests.
//!
//! An author (timestamp strategy) has books, which have chapters (a naive
//! timestamp, to check one stamp across column types), one profile, memos
//! whose author key is nullable, and tags linked through an exempt junction.
//! A club (flag strategy) has members. A badge is exempt and has a unique
//! code.

pub mod author {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_authors")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        pub email: String,
        #[sea_orm(unique_key = "pen")]
        pub pen_first: String,
        #[sea_orm(unique_key = "pen")]
        pub pen_last: String,
        pub bio: String,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(has_many)]
        pub books: HasMany<super::book::Entity>,
        #[sea_orm(has_one)]
        pub profile: HasOne<super::profile::Entity>,
        #[sea_orm(has_many, via = "author_tag")]
        pub tags: HasMany<super::tag::Entity>,
        #[sea_orm(has_many)]
        pub memos: HasMany<super::memo::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `#[soft_delete]` below `#[sea_orm::model]`: the `ModelEx` copy carries
/// the cascade plan.
pub mod book {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[soft_delete(deleted_at)]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_books")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub author_id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(belongs_to, from = "author_id", to = "id")]
        pub author: BelongsTo<super::author::Entity>,
        #[sea_orm(has_many)]
        pub chapters: HasMany<super::chapter::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod chapter {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_chapters")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub book_id: i32,
        pub title: String,
        pub deleted_at: Option<DateTime>,
        #[sea_orm(belongs_to, from = "book_id", to = "id")]
        pub book: BelongsTo<super::book::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod profile {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_profiles")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        pub author_id: i32,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(belongs_to, from = "author_id", to = "id")]
        pub author: BelongsTo<super::author::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod memo {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_memos")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub author_id: Option<i32>,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(belongs_to, from = "author_id", to = "id")]
        pub author: BelongsTo<Option<super::author::Entity>>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod tag {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_tags")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub label: String,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(has_many, via = "author_tag")]
        pub authors: HasMany<super::author::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod author_tag {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(exempt = "join table: a link that ends is removed")]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_author_tags")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub author_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub tag_id: i32,
        #[sea_orm(belongs_to, from = "author_id", to = "id")]
        pub author: BelongsTo<super::author::Entity>,
        #[sea_orm(belongs_to, from = "tag_id", to = "id")]
        pub tag: BelongsTo<super::tag::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod club {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_clubs")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub is_active: bool,
        #[sea_orm(has_many)]
        pub members: HasMany<super::member::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod member {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_members")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub club_id: i32,
        pub name: String,
        pub is_active: bool,
        #[sea_orm(belongs_to, from = "club_id", to = "id")]
        pub club: BelongsTo<super::club::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod badge {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(exempt = "badges are reissued, never archived")]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_badges")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sea_orm(unique)]
        pub code: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Self-referencing relations: reports (nullable manager key) and followers
/// through an exempt junction.
pub mod person {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_people")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub manager_id: Option<i32>,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(
            self_ref,
            relation_enum = "Manager",
            relation_reverse = "Reports",
            from = "manager_id",
            to = "id"
        )]
        pub manager: BelongsTo<Option<Entity>>,
        #[sea_orm(self_ref, relation_enum = "Reports", relation_reverse = "Manager")]
        pub reports: HasMany<Entity>,
        #[sea_orm(self_ref, via = "follow", from = "Person", to = "Follower")]
        pub followers: HasMany<Entity>,
        #[sea_orm(self_ref, via = "follow", reverse)]
        pub following: HasMany<Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod follow {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(exempt = "join table: an unfollow removes the link")]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sw_follows")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub person_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub follower_id: i32,
        #[sea_orm(belongs_to, from = "person_id", to = "id")]
        pub person: BelongsTo<super::person::Entity>,
        #[sea_orm(
            belongs_to,
            relation_enum = "Follower",
            from = "follower_id",
            to = "id"
        )]
        pub follower: BelongsTo<super::person::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
