#[derive(Clone, Debug, PartialEq, DeriveModelEx, DeriveActiveModelEx)]
#[sea_orm(table_name = "clubs")]
pub struct ModelEx {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub is_active: bool,
    #[sea_orm(has_many)]
    pub members: HasMany<super::member::Entity>,
}
#[automatically_derived]
impl<K: 'static> ::harden_runtime::Cascade<K> for Entity
where
    super::member::Entity: ::harden_runtime::Cascade<K>,
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
                    super::member::Entity,
                    K,
                >(
                    &rows,
                    <Self as ::harden_runtime::__private::sea_orm::Related<
                        super::member::Entity,
                    >>::to(),
                )
                .await?;
            ::core::result::Result::Ok(())
        })
    }
}
#[automatically_derived]
impl ::harden_runtime::__private::PruneRelations for ModelEx {
    fn __prune_relations(&mut self) {
        ::harden_runtime::__private::retain_visible(&mut self.members);
    }
}
::harden_runtime::__soft_delete_loader!();
