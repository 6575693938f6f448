//! `side-effect-in-transaction`: network, mail or spawned work inside a transaction.

use crate::diag::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// Inside a `#[transactional]` function, a function with a manual `begin()`, or a
    /// `transaction(|txn| ..)` closure: HTTP calls (`reqwest`, `hyper`, ... or a
    /// `client.post(..).send()` chain), sending mail (`lettre`, `send_email`, a `mailer`'s
    /// `send`), and spawned tasks (`tokio::spawn`, `spawn_blocking`).
    ///
    /// ## Why it matters
    /// The side effect cannot be rolled back: the email goes out, the webhook fires, and then
    /// the transaction fails. It also holds a database connection and locks while waiting on
    /// the network.
    ///
    /// ## Example
    /// ```text
    /// #[transactional]
    /// async fn register(&self, db: &DatabaseConnection, u: NewUser) -> Result<(), AppError> {
    ///     user::Entity::insert(u.into_active_model()).exec(db).await?;
    ///     self.mailer.send(welcome(&u)).await?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// ## Fix
    /// Do it after the commit (return what is needed and send from the caller), or record it
    /// in an outbox table inside the transaction and deliver it afterwards.
    name: "side-effect-in-transaction", section: 9, level: Warning, exempt_in_tests: true,
    run: side_effect_in_transaction,
}

pub(crate) fn side_effect_in_transaction(model: &Model, out: &mut Findings) {
    for (fi, file) in model.rust_files() {
        for se in &file.facts.side_effects {
            let in_txn = se.in_transaction_closure
                || se.func.is_some_and(|f| model.is_transactional((fi, f)));
            if !in_txn {
                continue;
            }
            out.report(&RULE, fi, se.span, format!("`{}` {} inside a transaction", se.call, se.what))
                .help("move it after the commit, or write it to an outbox table and deliver it afterwards");
        }
    }
}
