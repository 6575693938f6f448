mod authors {
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    #[soft_delete(deleted_at)]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "authors")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub deleted_at: Option<DateTimeUtc>,
        #[sea_orm(has_many)]
        pub drafts: HasMany<super::drafts::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

mod drafts {
    use sea_orm::entity::prelude::*;

    // No policy: the cascade cannot tell whether to mark or delete drafts.
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "drafts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub author_id: i32,
        #[sea_orm(belongs_to, from = "author_id", to = "id")]
        pub author: BelongsTo<super::authors::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

use harden_runtime::soft_delete;
use sea_orm::{DbErr, TransactionTrait};

#[soft_delete]
pub async fn remove<C: TransactionTrait>(db: &C, author: authors::Model) -> Result<u64, DbErr> {
    Ok(author.cascade_delete(db).await?.rows_affected)
}

fn main() {}
