// The loader drops hidden rows from every relation field, so the entity of
// each must say whether it has any: `comments` has no policy.
mod posts {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub is_active: bool,
        #[sea_orm(has_many)]
        pub comments: HasMany<super::comments::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod comments {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "comments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub post_id: i32,
        #[sea_orm(belongs_to, from = "post_id", to = "id")]
        pub post: BelongsTo<super::posts::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

fn main() {}
