impl AccountService {
    #[tracing::instrument(skip(self))]
    pub async fn open(&self, owner: &str) -> Result<i64, AppError> {
        let __harden_shape = ::harden_runtime::__private::result_shape::<
            Result<i64, AppError>,
        >();
        let mut __harden_tx = ::harden_runtime::__private::Transactional::new(::harden_runtime::__private::Options {
            isolation: ::core::option::Option::Some(
                ::harden_runtime::__private::sea_orm::IsolationLevel::Serializable,
            ),
            read_only: false,
            timeout_ms: ::core::option::Option::Some(5000u64),
            retry: 3u32,
            requires_new: false,
            name: "open",
        });
        loop {
            let __harden_conn = {
                #[allow(unused_imports)]
                use ::harden_runtime::__private::{
                    HandleDeref as _, HandleKnown as _, HandleOther as _,
                };
                (&&::harden_runtime::__private::HandleProbe(&self.db)).__harden_handle()
            };
            __harden_tx
                .hint_backend({
                    #[allow(unused_imports)]
                    use ::harden_runtime::__private::{
                        KnownBackend as _, UnknownBackend as _,
                    };
                    (&::harden_runtime::__private::ConnProbe(&__harden_conn))
                        .__harden_backend()
                });
            let open_transaction = match __harden_conn.start(&mut __harden_tx).await {
                ::core::result::Result::Ok(txn) => txn,
                ::core::result::Result::Err(err) => return __harden_shape.from_db(err),
            };
            let __harden_result = {
                let __harden_db = open_transaction.txn();
                let __harden_body = async {
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
                        let __harden_fake_return: Result<i64, AppError> = loop {};
                        return __harden_fake_return;
                    }
                    let id = Account::insert(__harden_db, owner).await?;
                    tracing::info!(
                        backend = ? __harden_db.get_database_backend(), "opened"
                    );
                    Audit::record(__harden_db, id).await?;
                    Ok(id)
                };
                let __harden_body = ::core::pin::pin!(__harden_body);
                ::harden_runtime::__private::Joinable {
                    open: open_transaction.open(),
                    body: __harden_body,
                }
                    .await
            };
            let __harden_retryable = __harden_shape
                .err(&__harden_result)
                .is_some_and(|err| {
                    use ::harden_runtime::__private::{
                        RetryAsRefError as _, RetryDbErr as _, RetryStdError as _,
                        RetryUnknown as _,
                    };
                    (&&&&::harden_runtime::__private::ErrProbe(err)).__harden_retryable()
                });
            if let ::core::option::Option::Some(result) = open_transaction
                .finish(
                    &mut __harden_tx,
                    __harden_result,
                    &__harden_shape,
                    __harden_retryable,
                )
                .await
            {
                break result;
            }
        }
    }
}
