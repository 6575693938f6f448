use harden_runtime::transactional;

#[transactional]
struct Service {
    calls: u32,
}

fn main() {}
