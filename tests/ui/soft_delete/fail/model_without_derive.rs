use harden_runtime::soft_delete;

#[soft_delete]
pub struct Model {
    pub id: i32,
    pub is_active: bool,
}

fn main() {}
