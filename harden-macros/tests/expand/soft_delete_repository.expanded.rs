impl UserRepository {
    pub async fn by_id<C: ConnectionTrait>(
        db: &C,
        id: i32,
    ) -> Result<Option<user::Model>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Kind::<user::Entity>::NEW
            .__harden_read(user::Entity::find_by_id(id))
            .one(db)
            .await
    }
    pub async fn with_posts<C: ConnectionTrait>(
        db: &C,
    ) -> Result<Vec<(user::Model, Vec<post::Model>)>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Wrap(
                ::harden_runtime::__private::Kind::<user::Entity>::NEW
                    .__harden_read(user::Entity::find()),
            )
            .__harden_join()
            .find_with_related(post::Entity)
            .all(db)
            .await
    }
    pub async fn posts<C: ConnectionTrait>(
        db: &C,
        users: Vec<user::Model>,
    ) -> Result<Vec<Vec<post::Model>>, DbErr> {
        users
            .load_many(::harden_runtime::__private::scoped_loader(post::Entity), db)
            .await
    }
    pub async fn remove<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        Ok(
            ::harden_runtime::__private::Kind::<user::Entity>::NEW
                .__harden_write()
                .delete_by_id(
                    id,
                    |__harden_first| user::Entity::delete_by_id(__harden_first),
                )
                .exec(db)
                .await?
                .rows_affected,
        )
    }
    pub async fn remove_model<C: ConnectionTrait>(
        db: &C,
        model: user::Model,
    ) -> Result<DeleteResult, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        (&&&&&::harden_runtime::__private::Probe::witnessed(
            &model,
            |receiver| {
                ::harden_runtime::__private::type_witness(receiver)
                    .delete(::harden_runtime::__private::type_witness(&db))
            },
        ))
            .__harden_delete_probe()
            .delete(db)
            .await
    }
    pub async fn both<C: ConnectionTrait>(db: &C) -> Result<(u64, u64), DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        tokio::try_join!(
            ::harden_runtime::__private::Kind:: < user::Entity > ::NEW
            .__harden_read(user::Entity::find()).count(db),
            ::harden_runtime::__private::Kind:: < post::Entity > ::NEW
            .__harden_read(post::Entity::find()).count(db)
        )
    }
    pub fn helper() -> u32 {
        utils::find()
    }
}
