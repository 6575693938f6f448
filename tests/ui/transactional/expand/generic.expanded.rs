async fn report<'a, C>(
    db: &'a C,
    owner: &'a str,
) -> Result<Vec<impl Serialize + 'a>, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let __harden_shape = ::harden_runtime::__private::result_shape::<
        Result<Vec<_>, DbErr>,
    >();
    let mut __harden_tx = ::harden_runtime::__private::Transactional::new(::harden_runtime::__private::Options {
        isolation: ::core::option::Option::None,
        read_only: true,
        timeout_ms: ::core::option::Option::None,
        retry: 0u32,
        requires_new: false,
        name: "report",
    });
    let __harden_conn = ::harden_runtime::__private::Generic(db);
    __harden_tx
        .hint_backend({
            #[allow(unused_imports)]
            use ::harden_runtime::__private::{KnownBackend as _, UnknownBackend as _};
            (&::harden_runtime::__private::ConnProbe(&__harden_conn)).__harden_backend()
        });
    let report_transaction = match __harden_conn.start(&mut __harden_tx).await {
        ::core::result::Result::Ok(txn) => txn,
        ::core::result::Result::Err(err) => return __harden_shape.from_db(err),
    };
    let __harden_result = {
        #[allow(unused_variables)]
        let db = report_transaction.txn();
        let __harden_body = async move {
            #[allow(
                unknown_lints,
                unreachable_code,
                clippy::diverging_sub_expression,
                clippy::empty_loop,
                clippy::let_unit_value,
                clippy::let_with_type_underscore,
                clippy::needless_return,
                clippy::unreachable
            )]
            if false {
                let __harden_fake_return: Result<Vec<_>, DbErr> = loop {};
                return __harden_fake_return;
            }
            Ok(
                Account::find_by_owner(db, owner)
                    .await?
                    .into_iter()
                    .map(Row::from)
                    .collect(),
            )
        };
        let __harden_body = ::core::pin::pin!(__harden_body);
        ::harden_runtime::__private::Joinable {
            open: report_transaction.open(),
            body: __harden_body,
        }
            .await
    };
    report_transaction
        .commit_or_rollback(&mut __harden_tx, __harden_result, &__harden_shape)
        .await
}
