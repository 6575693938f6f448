#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub deleted_at: Option<DateTimeUtc>,
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
}
#[automatically_derived]
impl<K: 'static> ::harden_runtime::Cascade<K> for Entity {
    fn __scope() -> ::harden_runtime::Scope<Self> {
        <Self as ::harden_runtime::SoftDeleteScope>::soft_delete_scope()
    }
}
#[automatically_derived]
impl<K: 'static> ::harden_runtime::RestoreCascadeScope<K> for Entity {}
