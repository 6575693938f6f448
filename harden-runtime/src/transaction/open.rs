//! The transactions the running task has open, for `#[transactional]` fns
//! that begin on the same pool to join.
//!
//! A thread-local stack holds a task's open transactions only while the
//! bodies that run in them are being polled (as tracing's `Instrumented`
//! holds a span): [`Joinable`] pushes its transaction before polling the body
//! and pops it after. Whatever the body polls (its own awaits, `join!`,
//! `select!`) sees the transaction; a task it spawns is polled elsewhere,
//! by its executor, and does not. No executor is involved.

use super::identity::PoolKey;
use sea_orm::DatabaseTransaction;
use std::cell::RefCell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// A transaction (or savepoint) a `#[transactional]` fn began, and what a
/// joining fn needs to know about it.
pub(crate) struct Frame {
    pub(crate) txn: DatabaseTransaction,
    /// The pool it runs on, when known: only fns beginning on that pool join.
    pub(crate) pool: Option<PoolKey>,
    /// The access mode of the outermost transaction, when known.
    pub(crate) access: Access,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    ReadWrite,
    ReadOnly,
    /// Begun by hand, outside any `#[transactional]`.
    Unknown,
}

thread_local! {
    static OPEN: RefCell<Vec<Arc<Frame>>> = const { RefCell::new(Vec::new()) };
}

/// The innermost open transaction of this task on `pool`.
pub(crate) fn on_pool(pool: PoolKey) -> Option<Arc<Frame>> {
    OPEN.with_borrow(|open| {
        open.iter()
            .rev()
            .find(|frame| frame.pool == Some(pool))
            .cloned()
    })
}

/// The open transaction whose `DatabaseTransaction` is at `address`.
pub(crate) fn at(address: usize) -> Option<Arc<Frame>> {
    OPEN.with_borrow(|open| {
        open.iter()
            .rev()
            .find(|frame| std::ptr::from_ref(&frame.txn).addr() == address)
            .cloned()
    })
}

/// A `#[transactional]` body, polled with its transaction open (when it has
/// one joining fns can see). Built by the generated code, and kept to as few
/// generic steps as polling allows: it is compiled once per annotated fn.
pub struct Joinable<'a, F> {
    /// From `Held::open` / `Plain::open`.
    pub open: Option<&'a Open>,
    /// The body, pinned where the fn's future keeps it.
    pub body: Pin<&'a mut F>,
}

/// The open transaction a body runs in, as [`Joinable`] takes it.
pub struct Open(pub(crate) Arc<Frame>);

impl<F: Future> Future for Joinable<'_, F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = Pin::into_inner(self);
        let _open = enter(this.open);
        this.body.as_mut().poll(cx)
    }
}

fn enter(open: Option<&Open>) -> Option<Entered> {
    let frame = open?;
    OPEN.with_borrow_mut(|stack| stack.push(Arc::clone(&frame.0)));
    Some(Entered(PhantomData))
}

/// Pops the frame when the poll ends, also by a panic.
struct Entered(PhantomData<*const ()>);

impl Drop for Entered {
    fn drop(&mut self) {
        // `try_with`: a poll during thread teardown must not panic here.
        let _ = OPEN.try_with(|open| open.borrow_mut().pop());
    }
}
