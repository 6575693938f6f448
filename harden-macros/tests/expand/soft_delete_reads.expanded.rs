impl WriterRepository {
    pub async fn by_email<C: ConnectionTrait>(
        db: &C,
        email: &str,
    ) -> Result<Option<writer::Model>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Kind::<writer::Entity>::NEW
            .__harden_read(<writer::Entity as EntityTrait>::find_by_email(email))
            .one(db)
            .await
    }
    pub async fn loaded<C: ConnectionTrait>(
        db: &C,
    ) -> Result<Vec<writer::ModelEx>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Wrap(
                ::harden_runtime::__private::Kind::<writer::Entity>::NEW
                    .__harden_read(writer::Entity::load())
                    .with((story::Entity, remark::Entity)),
            )
            .__harden_run()
            .all(db)
            .await
    }
    pub async fn page<C: ConnectionTrait>(
        db: &C,
    ) -> Result<Vec<writer::ModelEx>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Wrap(
                ::harden_runtime::__private::Kind::<writer::Entity>::NEW
                    .__harden_read(writer::Entity::load())
                    .with(story::Entity),
            )
            .__harden_run_witnessed(|loader| loader.paginate(db, 10))
            .paginate(db, 10)
            .fetch_page(0)
            .await
    }
    pub async fn held<C: ConnectionTrait>(
        db: &C,
        loader: writer::EntityLoader,
    ) -> Result<Vec<writer::ModelEx>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ({
            ::harden_runtime::__private::Kind::of(&loader).__harden_not_held();
            loader.all(db)
        })
            .await
    }
    pub fn joined() -> SelectThree<
        writer::Entity,
        story::Entity,
        badge::Entity,
        TopologyStar,
    > {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Wrap(
                ::harden_runtime::__private::Wrap(
                        ::harden_runtime::__private::Wrap(
                                ::harden_runtime::__private::Kind::<writer::Entity>::NEW
                                    .__harden_read(writer::Entity::find()),
                            )
                            .__harden_join()
                            .has_related(story::Entity, story::Column::Title.eq("x")),
                    )
                    .__harden_join()
                    .find_also_related(story::Entity),
            )
            .__harden_join()
            .find_also_related(badge::Entity)
    }
    pub async fn raced<C: ConnectionTrait>(
        db: &C,
    ) -> Result<Option<writer::Model>, DbErr> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        tokio::select! {
            found = ::harden_runtime::__private::Kind:: < writer::Entity > ::NEW
            .__harden_read(writer::Entity::find()).one(db) => found, else => Ok(None),
        }
    }
    pub fn helper() -> Select<writer::Entity> {
        #[allow(unused_imports)]
        use ::harden_runtime::__private::{
            NotAnEntity as _, NotSeaOrm as _, ProbeActiveModel as _,
            ProbeActiveModelEx as _, ProbeModel as _, ProbeModelEx as _, ProbeOther as _,
        };
        ::harden_runtime::__private::Kind::<Self>::NEW.__harden_read(Self::find())
    }
}
