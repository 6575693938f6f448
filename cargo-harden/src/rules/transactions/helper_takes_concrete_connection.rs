//! `helper-takes-concrete-connection`: a `#[transactional]` body hands its transaction to a
//! helper that only takes the pool.

use crate::facts::{Callee, Ty};
use crate::findings::Findings;
use crate::model::{How, Model};
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// Inside a `#[transactional]` function, a call of a workspace function that is handed
    /// the connection the macro turns into the transaction (its connection parameter, or
    /// `conn = self.db`), where that function's parameter is the concrete pool type:
    /// `&DatabaseConnection`, `&DbConn` or `DatabaseConnection`.
    ///
    /// ## Why it matters
    /// In the body, that connection *is* the transaction (a `&DatabaseTransaction`), so the
    /// call does not compile: rustc reports mismatched types and names the helper, but not
    /// the fix. Taking the pool on purpose to write outside the transaction would be wrong
    /// too: the write would commit even when the transaction rolls back.
    ///
    /// ## Example
    /// ```text
    /// #[harden_runtime::transactional]
    /// async fn sign_up(db: &DatabaseConnection, form: Form) -> Result<User, DbErr> {
    ///     let user = insert_user(db, &form).await?;   // insert_user(db: &DatabaseConnection, ..)
    ///     ..
    /// }
    /// ```
    ///
    /// ## Fix
    /// Make the helper generic over the connection: `db: &impl ConnectionTrait` (or
    /// `<C: ConnectionTrait>(db: &C)`). It then accepts the pool, a transaction or a
    /// savepoint, and runs inside whichever it is handed.
    name: "helper-takes-concrete-connection", section: 9, level: Error, exempt_in_tests: true,
    run: helper_takes_concrete_connection,
}

pub(crate) fn helper_takes_concrete_connection(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        let facts = &file.facts;
        for (ci, call) in facts.calls.iter().enumerate() {
            let Some(func) = call.site.func else { continue };
            let Some(Some(conn)) = &facts.fns[func as usize].transactional else {
                continue;
            };
            let Some(h) = call
                .handles
                .iter()
                .find(|h| h.written == *conn || h.names == *conn)
            else {
                continue;
            };
            let Some(arg) = h.arg else { continue };
            let Some(r) = model.call_target(fi, ci) else {
                continue;
            };
            let caller = &facts.fns[func as usize].name;
            for &target in &r.targets {
                let callee = model.func(target);
                // `Type::f(value, db)`: the receiver is the first argument of a path call.
                let index = match (&call.callee, callee.has_self) {
                    (Callee::Path(_), true) => usize::from(arg).checked_sub(1),
                    _ => Some(usize::from(arg)),
                };
                let Some(param) = index.and_then(|i| callee.params.get(i)) else {
                    continue;
                };
                let Ty::Named(path) = &param.ty else { continue };
                let Some(ty) = path.last().filter(|t| {
                    harden_calls::connection::of_type_name(t)
                        == Some(harden_calls::connection::Kind::Pool)
                }) else {
                    continue;
                };
                let (tf, _) = model.fn_location(target);
                out.report(
                    ID,
                    fi,
                    call.span,
                    format!(
                        "`{}`'s `{}` is a `{ty}`, so it cannot be handed the transaction of `{caller}`{}",
                        callee.name,
                        param.name,
                        if r.how == How::ByName {
                            " (guessed: the call was resolved by its name alone)"
                        } else {
                            ""
                        }
                    ),
                )
                .help(format!(
                    "make `{}` take `{}: &impl ConnectionTrait` (or `<C: ConnectionTrait>({}: &C)`): it accepts the pool, a transaction or a savepoint",
                    callee.name, param.name, param.name
                ))
                .label(tf, param.span, format!("`{}` is the pool type here", param.name));
                break;
            }
        }
    }
}
