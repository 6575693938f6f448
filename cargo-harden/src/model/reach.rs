//! What a function reaches through the calls it makes: the functions a binary's `main`
//! runs, each with the call it was first reached by, so a rule can name the chain.

use super::{How, Model};
use crate::ids::{FileId, FnId};

/// How a function was reached: the function that called it, which of that function's
/// file's calls it was, and whether resolving that call was a guess.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step {
    pub caller: FnId,
    pub file: FileId,
    pub call: u32,
    pub guessed: bool,
}

/// The functions reachable from one root, breadth first (so each is reached by a shortest
/// chain).
pub(crate) struct Reach {
    /// Per function of the workspace: `None` when not reached (or the root).
    steps: Vec<Option<Step>>,
    reached: Vec<bool>,
}

impl Reach {
    pub(crate) fn contains(&self, id: FnId) -> bool {
        self.reached[id.ix()]
    }

    /// The chain of calls from the root to `id`, root first: each step's caller and call.
    pub(crate) fn chain(&self, id: FnId) -> Vec<Step> {
        let mut out = Vec::new();
        let mut at = id;
        while let Some(step) = self.steps[at.ix()] {
            out.push(step);
            at = step.caller;
            if out.len() > self.steps.len() {
                break;
            }
        }
        out.reverse();
        out
    }
}

impl Model {
    /// The calls function `id` makes, as indices into its file's `calls`.
    pub(crate) fn calls_of(&self, id: FnId) -> &[u32] {
        self.fn_calls.get(id.ix()).map_or(&[], Vec::as_slice)
    }

    /// Every workspace function `root` can reach through calls the model resolved (a call
    /// resolved by its method name alone counts, marked as a guess).
    pub(crate) fn reach(&self, root: FnId) -> Reach {
        let n = self.fns.len();
        let mut steps = vec![None; n];
        let mut reached = vec![false; n];
        reached[root.ix()] = true;
        let mut queue = std::collections::VecDeque::from([root]);
        while let Some(f) = queue.pop_front() {
            let file = self.fn_file(f);
            for &call in self.calls_of(f) {
                let Some(r) = self.call_target(file, call as usize) else {
                    continue;
                };
                for &t in &r.targets {
                    if reached[t.ix()] {
                        continue;
                    }
                    reached[t.ix()] = true;
                    steps[t.ix()] = Some(Step {
                        caller: f,
                        file,
                        call,
                        guessed: r.how == How::ByName,
                    });
                    queue.push_back(t);
                }
            }
        }
        Reach { steps, reached }
    }
}
