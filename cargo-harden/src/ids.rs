//! Newtype ids of the things the model indexes: files, functions, entities, types, traits.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) struct $name(pub u32);

        #[allow(dead_code, reason = "not every kind of id is used both ways")]
        impl $name {
            /// The index into the model's vector of these.
            pub(crate) fn ix(self) -> usize {
                self.0 as usize
            }

            /// The id of the `i`-th one.
            pub(crate) fn of(i: usize) -> Self {
                $name(u32::try_from(i).unwrap_or(u32::MAX))
            }
        }
    };
}

id!(
    /// A file of the workspace (Rust, config or other).
    FileId
);
id!(
    /// A function or method of the workspace.
    FnId
);
id!(
    /// A SeaORM entity of the workspace.
    EntityId
);
id!(
    /// A struct or enum of the workspace.
    TypeId
);
id!(
    /// A trait of the workspace.
    TraitId
);
