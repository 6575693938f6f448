//! "Did you mean …?" for misspelled option names, by the rule the checker
//! also uses for config keys (`harden_calls::closest`).

/// "; did you mean `x`?" or nothing.
pub(crate) fn did_you_mean(input: &str, candidates: &[&str]) -> String {
    match harden_calls::closest(input, candidates.iter().copied()) {
        Some(name) => format!("; did you mean `{name}`?"),
        None => String::new(),
    }
}
