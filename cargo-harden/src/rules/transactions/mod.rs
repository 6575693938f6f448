//! §9, transactions: multi-table writes are atomic, and nothing escapes a transaction.

pub(crate) mod multi_table_write_outside_transaction;
pub(crate) mod side_effect_in_transaction;
pub(crate) mod swallowed_transaction_error;
pub(crate) mod untransactional_service_method;
pub(crate) mod write_through_other_handle;

use crate::model::{FnId, Model};

/// Whether every call of `id` in the workspace runs it in a transaction (and there is one):
/// from a transactional function, or from inside a `transaction(|txn| ..)` closure.
pub(crate) fn only_called_in_transactions(model: &Model, id: FnId) -> bool {
    let callers = model.callers(id);
    (!callers.is_empty() || model.called_in_transaction_closure(id))
        && callers.iter().all(|&c| model.is_transactional(c))
}
