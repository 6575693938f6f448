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
    use harden_runtime::soft_delete;
    use sea_orm::entity::prelude::*;

    // The author's cascade reaches drafts, which only keep a flag.
    #[soft_delete]
    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "drafts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub author_id: i32,
        pub is_active: bool,
        #[sea_orm(belongs_to, from = "author_id", to = "id")]
        pub author: BelongsTo<super::authors::Entity>,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

use harden_runtime::SoftDeleteExt;
use sea_orm::{DatabaseConnection, DbErr};

pub async fn undo(db: &DatabaseConnection, id: i32) -> Result<u64, DbErr> {
    Ok(authors::Entity::restore_cascade_by_id(id).exec(db).await?.rows_affected)
}

fn main() {}
