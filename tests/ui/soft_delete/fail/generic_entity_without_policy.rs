use harden_runtime::soft_delete;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, PrimaryKeyTrait};

// `E` may be any entity: nothing says it has a soft-delete policy.
#[soft_delete]
pub async fn by_id<E, C>(db: &C, id: i32) -> Result<Option<E::Model>, DbErr>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i32>,
    C: ConnectionTrait,
{
    E::find_by_id(id).one(db).await
}

fn main() {}
