//! §9, transactions: multi-table writes are atomic, and nothing escapes a transaction.

pub(crate) mod multi_table_write_outside_transaction;
pub(crate) mod side_effect_in_transaction;
pub(crate) mod swallowed_transaction_error;
pub(crate) mod untransactional_service_method;

use crate::model::{FnId, Model};

/// Whether every caller of `id` in the workspace runs it in a transaction (and there is one).
pub(crate) fn only_called_in_transactions(model: &Model, id: FnId) -> bool {
    let callers = model.callers(id);
    !callers.is_empty() && callers.iter().all(|&c| model.is_transactional(c))
}
