//! §9, transactions: multi-table writes are atomic, and nothing escapes a transaction.

pub(crate) mod helper_takes_concrete_connection;
pub(crate) mod multi_table_write_outside_transaction;
pub(crate) mod side_effect_in_transaction;
pub(crate) mod swallowed_transaction_error;
pub(crate) mod untransactional_service_method;
pub(crate) mod write_through_other_handle;

use crate::rules::RuleInfo;

pub(crate) const RULES: &[&RuleInfo] = &[
    &multi_table_write_outside_transaction::RULE,
    &untransactional_service_method::RULE,
    &write_through_other_handle::RULE,
    &helper_takes_concrete_connection::RULE,
    &swallowed_transaction_error::RULE,
    &side_effect_in_transaction::RULE,
];
