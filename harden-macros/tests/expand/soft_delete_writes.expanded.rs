impl AuthorRepository {
    pub async fn by_email<C: ConnectionTrait>(
        db: &C,
        email: &str,
    ) -> Result<Option<author::Model>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Kind::<author::Entity>::NEW
            .__harden_write()
            .delete_by_key(
                ::harden_runtime::__private::Key::<1311787414694181895u64>,
                email,
                |__harden_first| author::Entity::delete_by_email(__harden_first),
            )
            .exec_with_returning(db)
            .await
    }
    pub async fn rename<C: ConnectionTrait>(
        db: &C,
        bio: &str,
    ) -> Result<UpdateResult, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Kind::<author::Entity>::NEW
            .__harden_write()
            .update_many(|| author::Entity::update_many())
            .col_expr(author::Column::Bio, Expr::value(bio))
            .exec(db)
            .await
    }
    pub async fn by_path<C: ConnectionTrait>(
        db: &C,
        am: author::ActiveModel,
    ) -> Result<DeleteResult, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        (match (am, db) {
            (__harden_first, __harden_second) => {
                (&&&&&::harden_runtime::__private::Probe(&__harden_first))
                    .__harden_path_probe()
                    .delete_or(
                        __harden_first,
                        __harden_second,
                        |__harden_first, __harden_second| ActiveModelTrait::delete(
                            __harden_first,
                            __harden_second,
                        ),
                    )
            }
        })
            .await
    }
    pub async fn qualified<C: ConnectionTrait>(db: &C) -> Result<DeleteResult, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Kind::<author::Entity>::NEW
            .__harden_write()
            .delete_many(|| <author::Entity as EntityTrait>::delete_many())
            .exec(db)
            .await
    }
    pub async fn cascade<C: TransactionTrait>(
        db: &C,
        author: author::Model,
    ) -> Result<DeleteResult, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        (&&&&&::harden_runtime::__private::Probe(&author))
            .__harden_cascade_probe()
            .cascade_delete(db)
            .await
    }
}
