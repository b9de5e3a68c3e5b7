//! Long-running work the UI can cancel by an id it chose (e.g. "load all").

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct Tasks {
    /// id → (generation, token); the generation tells a finished run from a newer one that
    /// reused its id.
    running: Mutex<HashMap<String, (u64, CancellationToken)>>,
    generation: AtomicU64,
}

/// Removes the task from the registry when the work ends, however it ends.
pub struct TaskGuard<'a> {
    tasks: &'a Tasks,
    id: String,
    generation: u64,
    pub token: CancellationToken,
}

impl Tasks {
    pub fn start(&self, id: &str) -> TaskGuard<'_> {
        let token = CancellationToken::new();
        let generation = self.generation.fetch_add(1, Ordering::Relaxed);
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        // A task restarted under the same id supersedes the old one.
        if let Some((_, old)) = running.insert(id.to_owned(), (generation, token.clone())) {
            old.cancel();
        }
        TaskGuard {
            tasks: self,
            id: id.to_owned(),
            generation,
            token,
        }
    }

    /// Cancelling an unknown or finished task is not an error: the UI may race the finish.
    pub fn cancel(&self, id: &str) {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, token)) = running.get(id) {
            token.cancel();
        }
    }
}

impl Drop for TaskGuard<'_> {
    fn drop(&mut self) {
        let mut running = self.tasks.running.lock().unwrap_or_else(|p| p.into_inner());
        if running
            .get(&self.id)
            .is_some_and(|(g, _)| *g == self.generation)
        {
            running.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_reaches_the_running_task_and_finished_tasks_are_forgotten() {
        let tasks = Tasks::default();
        {
            let guard = tasks.start("load-all");
            assert!(!guard.token.is_cancelled());
            tasks.cancel("load-all");
            assert!(guard.token.is_cancelled());
        }
        tasks.cancel("load-all"); // finished: no panic, nothing to do
        assert!(tasks.running.lock().expect("lock").is_empty());
    }

    #[test]
    fn restarting_an_id_cancels_the_previous_run() {
        let tasks = Tasks::default();
        let first = tasks.start("x");
        let second = tasks.start("x");
        assert!(first.token.is_cancelled());
        assert!(!second.token.is_cancelled());
        drop(first);
        tasks.cancel("x");
        assert!(
            second.token.is_cancelled(),
            "the newer run stays registered"
        );
    }
}
