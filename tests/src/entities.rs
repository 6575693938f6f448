//! One entity per soft-delete form: a flag (`user`), a timestamp (`post`), a
//! custom flag column (`team`), an exempt join table (`membership`), and a
//! 2.0 dense entity (`note`).

/// `is_active: bool`, the default strategy.
pub mod user {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sd_users")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        pub is_active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::post::Entity")]
        Post,
    }

    impl Related<super::post::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Post.def()
        }
    }

    impl Related<super::team::Entity> for Entity {
        fn to() -> RelationDef {
            super::membership::Relation::Team.def()
        }
        fn via() -> Option<RelationDef> {
            Some(super::membership::Relation::User.def().rev())
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// `deleted_at: Option<DateTimeUtc>`, the timestamp strategy.
pub mod post {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sd_posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub user_id: i32,
        pub title: String,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::user::Entity",
            from = "Column::UserId",
            to = "super::user::Column::Id"
        )]
        User,
    }

    impl Related<super::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// A custom flag column whose `Column` variant is renamed.
pub mod team {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(column = "listed")]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sd_teams")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        #[sea_orm(enum_name = "Visible")]
        pub listed: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A join table: rows go away with the membership, so it is exempt.
pub mod membership {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(exempt = "join table: a membership that ends is removed")]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sd_memberships")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub team_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::user::Entity",
            from = "Column::UserId",
            to = "super::user::Column::Id"
        )]
        User,
        #[sea_orm(
            belongs_to = "super::team::Entity",
            from = "Column::TeamId",
            to = "super::team::Column::Id"
        )]
        Team,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// A SeaORM 2.0 dense entity (`#[sea_orm::model]`).
pub mod note {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sd_notes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub body: String,
        pub is_active: bool,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
