#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "authors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    #[sea_orm(unique_key = "pen")]
    pub pen_first: String,
    #[sea_orm(unique_key = "pen")]
    pub pen_last: String,
    pub deleted_at: Option<DateTimeUtc>,
    #[sea_orm(has_many)]
    pub books: HasMany<super::book::Entity>,
    #[sea_orm(has_one)]
    pub profile: HasOne<super::profile::Entity>,
    #[sea_orm(has_many, via = "author_tag")]
    pub tags: HasMany<super::tag::Entity>,
    #[sea_orm(belongs_to, from = "publisher_id", to = "id")]
    pub publisher: BelongsTo<super::publisher::Entity>,
}
#[automatically_derived]
impl ::harden_runtime::SoftDelete for Entity {
    fn soft_delete_spec() -> ::harden_runtime::SoftDeleteSpec<Self> {
        ::harden_runtime::SoftDeleteSpec {
            column: Column::DeletedAt,
            strategy: ::harden_runtime::Strategy::Timestamp,
            deleted_value: ::harden_runtime::__private::timestamp_at::<DateTimeUtc>,
            restored_value: ::harden_runtime::__private::timestamp_null::<DateTimeUtc>,
            deleted_at: ::harden_runtime::__private::timestamp_of::<DateTimeUtc>,
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
        ::harden_runtime::__private::retain_visible(&mut model.books);
        ::harden_runtime::__private::retain_visible(&mut model.profile);
        ::harden_runtime::__private::retain_visible(&mut model.tags);
        ::harden_runtime::__private::retain_visible(&mut model.publisher);
    }
}
::harden_runtime::__soft_delete_loader!();
#[automatically_derived]
impl ::harden_runtime::UniqueKey<1311787414694181895u64> for Entity {
    type Value = String;
    fn condition(value: Self::Value) -> ::harden_runtime::__private::sea_orm::Condition {
        ::harden_runtime::__private::sea_orm::Condition::all()
            .add(
                ::harden_runtime::__private::sea_orm::ColumnTrait::eq(
                    &Column::Email,
                    value,
                ),
            )
    }
}
#[automatically_derived]
impl ::harden_runtime::UniqueKey<8627900837331113392u64> for Entity {
    type Value = (String, String);
    fn condition(value: Self::Value) -> ::harden_runtime::__private::sea_orm::Condition {
        ::harden_runtime::__private::sea_orm::Condition::all()
            .add(
                ::harden_runtime::__private::sea_orm::ColumnTrait::eq(
                    &Column::PenFirst,
                    value.0,
                ),
            )
            .add(
                ::harden_runtime::__private::sea_orm::ColumnTrait::eq(
                    &Column::PenLast,
                    value.1,
                ),
            )
    }
}
#[automatically_derived]
impl<K: 'static> ::harden_runtime::Cascade<K> for Entity
where
    super::book::Entity: ::harden_runtime::Cascade<K>,
    super::profile::Entity: ::harden_runtime::Cascade<K>,
    super::author_tag::Entity: ::harden_runtime::Cascade<K>,
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
                    super::book::Entity,
                    K,
                >(
                    &rows,
                    <Self as ::harden_runtime::__private::sea_orm::Related<
                        super::book::Entity,
                    >>::to(),
                )
                .await?;
            walk.children::<
                    Self,
                    super::profile::Entity,
                    K,
                >(
                    &rows,
                    <Self as ::harden_runtime::__private::sea_orm::Related<
                        super::profile::Entity,
                    >>::to(),
                )
                .await?;
            walk.links::<Self, super::author_tag::Entity, K>(&rows).await?;
            ::core::result::Result::Ok(())
        })
    }
}
#[automatically_derived]
impl<K: 'static> ::harden_runtime::RestoreCascadeScope<K> for Entity
where
    super::book::Entity: ::harden_runtime::RestoreCascadeScope<K>,
    super::profile::Entity: ::harden_runtime::RestoreCascadeScope<K>,
    super::author_tag::Entity: ::harden_runtime::RestoreCascadeScope<K>,
{}
