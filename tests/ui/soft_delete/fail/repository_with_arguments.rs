use harden_runtime::soft_delete;

pub struct UserRepository;

#[soft_delete(deleted_at)]
impl UserRepository {}

fn main() {}
