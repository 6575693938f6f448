/// Moves `amount` from one account to another.
pub async fn transfer(
    db: &DatabaseConnection,
    from: i32,
    to: i32,
    amount: i64,
) -> Result<(), AppError> {
    let __harden_shape = ::harden_runtime::__private::result_shape::<
        Result<(), AppError>,
    >();
    let mut __harden_tx = ::harden_runtime::__private::Transactional::new(::harden_runtime::__private::Options {
        isolation: ::core::option::Option::None,
        read_only: false,
        timeout_ms: ::core::option::Option::None,
        retry: 0u32,
        requires_new: false,
        name: "transfer",
    });
    let __harden_conn = ::harden_runtime::__private::Pool(db);
    let transfer_transaction = match __harden_conn.start(&mut __harden_tx).await {
        ::core::result::Result::Ok(txn) => txn,
        ::core::result::Result::Err(err) => return __harden_shape.from_db(err),
    };
    let __harden_result = {
        #[allow(unused_variables)]
        let db = transfer_transaction.txn();
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
                let __harden_fake_return: Result<(), AppError> = loop {};
                return __harden_fake_return;
            }
            let balance = Account::balance(db, from).await?;
            if balance < amount {
                return Err(AppError::Insufficient);
            }
            Account::add(db, from, -amount).await?;
            Account::add(db, to, amount).await?;
            Ok(())
        };
        let __harden_body = ::core::pin::pin!(__harden_body);
        ::harden_runtime::__private::Joinable {
            open: transfer_transaction.open(),
            body: __harden_body,
        }
            .await
    };
    transfer_transaction
        .commit_or_rollback(&mut __harden_tx, __harden_result, &__harden_shape)
        .await
}
