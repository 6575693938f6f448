use harden_runtime::soft_delete;

#[soft_delete]
pub trait UserStore {}

#[soft_delete]
pub enum Kind {
    A,
}

#[soft_delete]
pub struct UserRow {
    pub is_active: bool,
}

fn main() {}
