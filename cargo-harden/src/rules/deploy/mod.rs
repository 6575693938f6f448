//! §11, deployment: how a server process runs and stops.

pub(crate) mod no_graceful_shutdown;
pub(crate) mod single_threaded_server;

use crate::rules::RuleInfo;

pub(crate) const RULES: &[&RuleInfo] =
    &[&single_threaded_server::RULE, &no_graceful_shutdown::RULE];
