#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "writers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub is_active: bool,
    #[sea_orm(has_one)]
    pub badge: HasOne<super::badge::Entity>,
    #[sea_orm(has_many)]
    pub stories: HasMany<super::story::Entity>,
}
#[automatically_derived]
impl ::harden_runtime::SoftDelete for Entity {
    fn soft_delete_spec() -> ::harden_runtime::SoftDeleteSpec<Self> {
        ::harden_runtime::SoftDeleteSpec {
            column: Column::IsActive,
            strategy: ::harden_runtime::Strategy::Flag,
            deleted_value: || ::harden_runtime::__private::sea_orm::Value::from(false),
            restored_value: || ::harden_runtime::__private::sea_orm::Value::from(true),
        }
    }
}
#[automatically_derived]
impl ::harden_runtime::SoftDeleteScope for Entity {
    type Delete = ::harden_runtime::SoftDeleteQuery<Self>;
    fn soft_delete_scope() -> ::harden_runtime::Scope<Self> {
        ::harden_runtime::Scope::SoftDelete(
            <Self as ::harden_runtime::SoftDelete>::soft_delete_spec(),
        )
    }
    fn __delete_where(
        condition: ::core::result::Result<
            ::harden_runtime::__private::sea_orm::Condition,
            ::harden_runtime::__private::sea_orm::DbErr,
        >,
    ) -> Self::Delete {
        ::harden_runtime::__private::__soft_delete_where(condition)
    }
    fn __prune_relations(model: &mut ModelEx) {
        ::harden_runtime::__private::retain_visible(&mut model.badge);
        ::harden_runtime::__private::retain_visible(&mut model.stories);
    }
}
::harden_runtime::__soft_delete_loader!();
