//! The jump list shared by all panes, as in vim: following a link or jumping to an
//! event records where you were; Ctrl-o goes back, Ctrl-i forward.

use super::layout::Position;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub pane: usize,
    pub doc: usize,
    pub position: Position,
}

#[derive(Debug, Default, Clone)]
pub struct JumpList {
    entries: Vec<Jump>,
    /// Where we are in `entries`; equal to its length when not travelling.
    index: usize,
}

const CAPACITY: usize = 100;

impl JumpList {
    /// Records the place being left. Forward history is dropped, as in vim.
    pub fn push(&mut self, from: Jump) {
        self.entries.truncate(self.index);
        if self.entries.last() != Some(&from) {
            self.entries.push(from);
        }
        if self.entries.len() > CAPACITY {
            self.entries.remove(0);
        }
        self.index = self.entries.len();
    }

    /// Where Ctrl-o goes, given where we are now (kept so Ctrl-i can return).
    pub fn back(&mut self, current: Jump) -> Option<Jump> {
        if self.index == 0 {
            return None;
        }
        if self.index == self.entries.len() {
            if self.entries.last() == Some(&current) {
                self.index -= 1;
                if self.index == 0 {
                    return None;
                }
            } else {
                self.entries.push(current);
            }
        }
        self.index -= 1;
        self.entries.get(self.index).copied()
    }

    pub fn forward(&mut self) -> Option<Jump> {
        if self.index + 1 >= self.entries.len() {
            return None;
        }
        self.index += 1;
        self.entries.get(self.index).copied()
    }

    /// Forgets entries in a closed pane and shifts the panes to its right.
    pub fn pane_closed(&mut self, pane: usize) {
        let before = self.entries.len();
        let mut kept_before_index = 0;
        let mut kept = Vec::with_capacity(before);
        for (i, mut jump) in self.entries.drain(..).enumerate() {
            if jump.pane == pane {
                continue;
            }
            if jump.pane > pane {
                jump.pane -= 1;
            }
            if i < self.index {
                kept_before_index += 1;
            }
            kept.push(jump);
        }
        self.entries = kept;
        self.index = kept_before_index.min(self.entries.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(pane: usize, block: usize) -> Jump {
        Jump {
            pane,
            doc: pane,
            position: Position { block, line: 0 },
        }
    }

    #[test]
    fn back_and_forward_like_vim() {
        let mut jumps = JumpList::default();
        jumps.push(at(0, 1));
        jumps.push(at(1, 5));
        // Now at pane 0 block 9.
        assert_eq!(jumps.back(at(0, 9)), Some(at(1, 5)));
        assert_eq!(jumps.back(at(1, 5)), Some(at(0, 1)));
        assert_eq!(jumps.back(at(0, 1)), None);
        assert_eq!(jumps.forward(), Some(at(1, 5)));
        assert_eq!(jumps.forward(), Some(at(0, 9)));
        assert_eq!(jumps.forward(), None);
    }

    #[test]
    fn a_new_jump_drops_forward_history() {
        let mut jumps = JumpList::default();
        jumps.push(at(0, 1));
        jumps.push(at(0, 2));
        assert_eq!(jumps.back(at(0, 3)), Some(at(0, 2)));
        jumps.push(at(0, 2));
        assert_eq!(jumps.forward(), None);
    }

    #[test]
    fn closing_a_pane_forgets_its_jumps() {
        let mut jumps = JumpList::default();
        jumps.push(at(0, 1));
        jumps.push(at(1, 2));
        jumps.push(at(2, 3));
        jumps.pane_closed(1);
        assert_eq!(
            jumps.back(at(0, 0)),
            Some(Jump {
                pane: 1,
                doc: 2,
                position: Position { block: 3, line: 0 }
            })
        );
    }
}
