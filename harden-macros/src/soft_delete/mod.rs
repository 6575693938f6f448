//! `#[soft_delete]`: on an entity `Model` it declares the policy; on a
//! repository it enforces it.

mod args;
mod dense;
mod entity;
mod macros;
mod policy;
mod reads;
mod relations;
mod repository;
mod syntax;
mod write;

use crate::internals::ctxt::Ctxt;
use args::Args;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use repository::{Rewriter, strip_nested};
use syn::{ImplItem, Item};

pub(crate) fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    let args = Args::parse(&cx, args);
    let item = match syn::parse2::<Item>(input.clone()) {
        Ok(item) => item,
        Err(err) => {
            cx.syn_error(err);
            return finish(cx, input, TokenStream::new());
        }
    };
    match item {
        Item::Struct(item) => {
            let generated = entity::expand(&cx, &args, &item);
            finish(cx, item.into_token_stream(), generated)
        }
        Item::Impl(mut item) => {
            repository_takes_no_args(&cx, &args);
            for impl_item in &mut item.items {
                if let ImplItem::Fn(function) = impl_item {
                    strip_nested(&mut function.attrs);
                    Rewriter::rewrite_block(&mut function.block);
                }
            }
            finish(cx, item.into_token_stream(), TokenStream::new())
        }
        Item::Fn(mut item) => {
            repository_takes_no_args(&cx, &args);
            Rewriter::rewrite_block(&mut item.block);
            finish(cx, item.into_token_stream(), TokenStream::new())
        }
        other => {
            cx.error_spanned_by(
                item_keyword(&other),
                "`#[soft_delete]` goes on an entity's `Model` struct, or on a repository's `impl` block or `fn`",
            );
            finish(cx, other.into_token_stream(), TokenStream::new())
        }
    }
}

fn repository_takes_no_args(cx: &Ctxt, args: &Args) {
    if !args.is_empty() {
        cx.error_spanned_by(
            &args.tokens,
            "`#[soft_delete]` on a repository takes no arguments; options such as `deleted_at` and `exempt` belong on the entity's `Model`",
        );
    }
}

/// On error, the item is emitted unchanged beside the errors so one mistake
/// does not cascade into "cannot find type" noise.
fn finish(cx: Ctxt, item: TokenStream, generated: TokenStream) -> TokenStream {
    match cx.check() {
        Ok(()) => quote!(#item #generated),
        Err(err) => {
            let errors = err.to_compile_error();
            quote!(#item #errors)
        }
    }
}

/// The tokens that name what kind of item this is (`trait`, `enum`, ...), for
/// an error that points at the right place.
fn item_keyword(item: &Item) -> TokenStream {
    match item {
        Item::Trait(i) => i.trait_token.to_token_stream(),
        Item::Enum(i) => i.enum_token.to_token_stream(),
        Item::Mod(i) => i.mod_token.to_token_stream(),
        Item::Const(i) => i.const_token.to_token_stream(),
        Item::Static(i) => i.static_token.to_token_stream(),
        Item::Type(i) => i.type_token.to_token_stream(),
        Item::Union(i) => i.union_token.to_token_stream(),
        Item::Use(i) => i.use_token.to_token_stream(),
        other => other.to_token_stream(),
    }
}

#[cfg(test)]
mod tests {
    //! Expansion snapshots: what the macro writes, for a reviewer to read.
    //! `HARDEN_BLESS=1 cargo test -p harden-macros` rewrites them.

    use proc_macro2::TokenStream;
    use std::path::Path;

    fn snapshot(name: &str, args: &str, input: &str) {
        let args: TokenStream = args.parse().expect("args");
        let input: TokenStream = input.parse().expect("input");
        let output = super::expand(args, input);
        let file: syn::File = syn::parse2(output).expect("the expansion parses as a file");
        let pretty = prettyplease::unparse(&file);
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/expand")
            .join(format!("{name}.expanded.rs"));
        if std::env::var_os("HARDEN_BLESS").is_some() {
            std::fs::write(&path, &pretty).expect("write snapshot");
            return;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "{}: {err}; run with HARDEN_BLESS=1 to create it",
                path.display()
            )
        });
        assert_eq!(
            pretty, expected,
            "expansion of {name} changed; review and re-bless with HARDEN_BLESS=1"
        );
    }

    #[test]
    fn repository_expansion() {
        snapshot(
            "soft_delete_repository",
            "",
            r#"
            impl UserRepository {
                pub async fn by_id<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<user::Model>, DbErr> {
                    user::Entity::find_by_id(id).one(db).await
                }
                pub async fn with_posts<C: ConnectionTrait>(db: &C) -> Result<Vec<(user::Model, Vec<post::Model>)>, DbErr> {
                    user::Entity::find().find_with_related(post::Entity).all(db).await
                }
                pub async fn posts<C: ConnectionTrait>(db: &C, users: Vec<user::Model>) -> Result<Vec<Vec<post::Model>>, DbErr> {
                    users.load_many(post::Entity, db).await
                }
                pub async fn remove<C: ConnectionTrait>(db: &C, id: i32) -> Result<u64, DbErr> {
                    Ok(user::Entity::delete_by_id(id).exec(db).await?.rows_affected)
                }
                pub async fn remove_model<C: ConnectionTrait>(db: &C, model: user::Model) -> Result<DeleteResult, DbErr> {
                    model.delete(db).await
                }
                pub async fn both<C: ConnectionTrait>(db: &C) -> Result<(u64, u64), DbErr> {
                    tokio::try_join!(user::Entity::find().count(db), post::Entity::find().count(db))
                }
                pub fn helper() -> u32 {
                    utils::find()
                }
            }
            "#,
        );
    }

    #[test]
    fn write_expansion() {
        snapshot(
            "soft_delete_writes",
            "",
            r#"
            impl AuthorRepository {
                pub async fn by_email<C: ConnectionTrait>(db: &C, email: &str) -> Result<Option<author::Model>, DbErr> {
                    author::Entity::delete_by_email(email).exec_with_returning(db).await
                }
                pub async fn rename<C: ConnectionTrait>(db: &C, bio: &str) -> Result<UpdateResult, DbErr> {
                    author::Entity::update_many().col_expr(author::Column::Bio, Expr::value(bio)).exec(db).await
                }
                pub async fn by_path<C: ConnectionTrait>(db: &C, am: author::ActiveModel) -> Result<DeleteResult, DbErr> {
                    ActiveModelTrait::delete(am, db).await
                }
                pub async fn qualified<C: ConnectionTrait>(db: &C) -> Result<DeleteResult, DbErr> {
                    <author::Entity as EntityTrait>::delete_many().exec(db).await
                }
                pub async fn cascade<C: TransactionTrait>(db: &C, author: author::Model) -> Result<DeleteResult, DbErr> {
                    author.cascade_delete(db).await
                }
            }
            "#,
        );
    }

    #[test]
    fn reads_expansion() {
        snapshot(
            "soft_delete_reads",
            "",
            r#"
            impl WriterRepository {
                pub async fn by_email<C: ConnectionTrait>(db: &C, email: &str) -> Result<Option<writer::Model>, DbErr> {
                    <writer::Entity as EntityTrait>::find_by_email(email).one(db).await
                }
                pub async fn loaded<C: ConnectionTrait>(db: &C) -> Result<Vec<writer::ModelEx>, DbErr> {
                    writer::Entity::load().with((story::Entity, remark::Entity)).all(db).await
                }
                pub async fn page<C: ConnectionTrait>(db: &C) -> Result<Vec<writer::ModelEx>, DbErr> {
                    writer::Entity::load().with(story::Entity).paginate(db, 10).fetch_page(0).await
                }
                pub async fn held<C: ConnectionTrait>(db: &C, loader: writer::EntityLoader) -> Result<Vec<writer::ModelEx>, DbErr> {
                    loader.all(db).await
                }
                pub fn joined() -> SelectThree<writer::Entity, story::Entity, badge::Entity, TopologyStar> {
                    writer::Entity::find()
                        .has_related(story::Entity, story::Column::Title.eq("x"))
                        .find_also_related(story::Entity)
                        .find_also_related(badge::Entity)
                }
                pub async fn raced<C: ConnectionTrait>(db: &C) -> Result<Option<writer::Model>, DbErr> {
                    tokio::select! {
                        found = writer::Entity::find().one(db) => found,
                        else => Ok(None),
                    }
                }
                pub fn helper() -> Select<writer::Entity> {
                    Self::find()
                }
            }
            "#,
        );
    }

    #[test]
    fn dense_entity_expansion() {
        snapshot(
            "soft_delete_dense_entity",
            "deleted_at",
            r#"
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
            "#,
        );
    }

    #[test]
    fn model_ex_copy_carries_the_cascade_plan_and_the_loader_hooks() {
        snapshot(
            "soft_delete_model_ex_copy",
            "",
            r#"
            #[derive(Clone, Debug, PartialEq, DeriveModelEx, DeriveActiveModelEx)]
            #[sea_orm(table_name = "clubs")]
            pub struct ModelEx {
                #[sea_orm(primary_key)]
                pub id: i32,
                pub is_active: bool,
                #[sea_orm(has_many)]
                pub members: HasMany<super::member::Entity>,
            }
            "#,
        );
    }

    #[test]
    fn dense_flag_entity_expansion() {
        snapshot(
            "soft_delete_dense_flag_entity",
            "",
            r#"
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
            "#,
        );
    }

    #[test]
    fn entity_expansion() {
        snapshot(
            "soft_delete_entity",
            "deleted_at",
            r#"
            #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
            #[sea_orm(table_name = "posts")]
            pub struct Model {
                #[sea_orm(primary_key)]
                pub id: i32,
                pub deleted_at: Option<DateTimeUtc>,
            }
            "#,
        );
    }
}
