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
            deleted_value: |_| ::harden_runtime::__private::sea_orm::Value::from(false),
            restored_value: || ::harden_runtime::__private::sea_orm::Value::from(true),
            deleted_at: |_| ::core::option::Option::None,
        }
    }
}
#[automatically_derived]
impl ::harden_runtime::SoftDeleteScope for Entity {
    type Delete<N: ::harden_runtime::Cardinality> = ::harden_runtime::SoftDeleteQuery<
        Self,
        N,
    >;
    fn soft_delete_scope() -> ::harden_runtime::Scope<Self> {
        ::harden_runtime::Scope::SoftDelete(
            <Self as ::harden_runtime::SoftDelete>::soft_delete_spec(),
        )
    }
    fn __delete_where<N: ::harden_runtime::Cardinality>(
        condition: ::core::result::Result<
            ::harden_runtime::__private::sea_orm::Condition,
            ::harden_runtime::__private::sea_orm::DbErr,
        >,
    ) -> Self::Delete<N> {
        ::harden_runtime::__private::__soft_delete_where(condition)
    }
    fn __prune_relations(model: &mut ModelEx) {
        ::harden_runtime::__private::retain_visible(&mut model.badge);
        ::harden_runtime::__private::retain_visible(&mut model.stories);
    }
}
::harden_runtime::__soft_delete_loader!();
#[automatically_derived]
impl<K: 'static> ::harden_runtime::Cascade<K> for Entity
where
    super::badge::Entity: ::harden_runtime::Cascade<K>,
    super::story::Entity: ::harden_runtime::Cascade<K>,
{
    fn __scope() -> ::harden_runtime::Scope<Self> {
        <Self as ::harden_runtime::SoftDeleteScope>::soft_delete_scope()
    }
    fn __walk<'w, T: ::harden_runtime::__private::sea_orm::ConnectionTrait>(
        walk: &'w mut ::harden_runtime::__private::Walk<'_, T>,
        rows: ::std::vec::Vec<
            <Self as ::harden_runtime::__private::sea_orm::EntityTrait>::Model,
        >,
    ) -> ::harden_runtime::__private::Walked<'w> {
        ::std::boxed::Box::pin(async move {
            walk.children::<
                    Self,
                    super::badge::Entity,
                    K,
                >(
                    &rows,
                    <Self as ::harden_runtime::__private::sea_orm::Related<
                        super::badge::Entity,
                    >>::to(),
                )
                .await?;
            walk.children::<
                    Self,
                    super::story::Entity,
                    K,
                >(
                    &rows,
                    <Self as ::harden_runtime::__private::sea_orm::Related<
                        super::story::Entity,
                    >>::to(),
                )
                .await?;
            ::core::result::Result::Ok(())
        })
    }
}
