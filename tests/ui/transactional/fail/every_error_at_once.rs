use harden_runtime::transactional;

// Not async, no return type, no connection and a misspelled option: one
// build reports all four.
#[transactional(isolaton = serializable)]
fn touch(name: &str) {
    let _ = name;
}

fn main() {}
