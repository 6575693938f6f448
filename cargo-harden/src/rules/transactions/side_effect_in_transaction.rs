//! `side-effect-in-transaction`: network, mail or spawned work inside a transaction.

use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// Inside a transaction — a `#[transactional]` function, a `transaction(|txn| ..)`
    /// closure, or between `begin()` and that binding's `commit()`/`rollback()` — HTTP calls (`reqwest`, `hyper`, ... or a
    /// `client.post(..).send()` chain), sending mail (`lettre`, `send_email`, a `mailer`'s
    /// `send`), and spawning a task (`tokio::spawn`, `spawn_blocking`). A spawn after the
    /// commit is outside the transaction, and so is everything inside a spawned task.
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
        for se in file
            .facts
            .side_effects
            .iter()
            .filter(|s| s.site.tx.is_some())
        {
            out.report(ID, fi, se.span, format!("`{}` {} inside a transaction", se.call, se.what))
                .help("move it after the commit, or write it to an outbox table and deliver it afterwards");
        }
    }
}
