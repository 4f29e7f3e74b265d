//! A table's columns, indexes or constraints: kept in the order they were added, found
//! by name, and persistent. Copying one is O(1) and shares everything with the original;
//! a change copies only the O(log n) tree nodes on its path. The replay keeps the schema
//! before and after revisions side by side (branches, RT206), so a table with thousands
//! of columns must not be copied whole for every revision that touches it.

use std::fmt;

use rpds::{HashTrieMapSync, RedBlackTreeMapSync};

/// Something with a name in a `Named` list.
pub trait HasName {
    fn name(&self) -> &str;
    fn set_name(&mut self, name: String);
}

#[derive(Clone)]
pub struct Named<T> {
    /// Insertion order: a sequence number per item.
    by_seq: RedBlackTreeMapSync<u64, T>,
    /// Built once the list grows past `SMALL` items; a shorter list is searched in
    /// order. Most tables have a few columns and no named index or constraint: a name
    /// index for each of their lists would be most of the schema's memory.
    by_name: Option<HashTrieMapSync<String, u64>>,
    next: u64,
}

/// The longest list searched item by item.
const SMALL: usize = 8;

impl<T: Clone + HasName> Default for Named<T> {
    fn default() -> Self {
        Named {
            by_seq: RedBlackTreeMapSync::new_sync(),
            by_name: None,
            next: 0,
        }
    }
}

impl<T: Clone + HasName> Named<T> {
    pub fn len(&self) -> usize {
        self.by_seq.size()
    }

    pub fn is_empty(&self) -> bool {
        self.by_seq.is_empty()
    }

    /// Whether `other` is this very list, unchanged (a copy shares the same tree until
    /// either changes).
    pub fn ptr_eq(&self, other: &Named<T>) -> bool {
        self.by_seq.ptr_eq(&other.by_seq)
    }

    /// The sequence number of the item called `name`.
    fn seq_of(&self, name: &str) -> Option<u64> {
        match &self.by_name {
            Some(index) => index.get(name).copied(),
            None => self
                .by_seq
                .iter()
                .find(|(_, item)| item.name() == name)
                .map(|(&seq, _)| seq),
        }
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        let seq = self.seq_of(name)?;
        self.by_seq.get(&seq)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.seq_of(name).is_some()
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        let seq = self.seq_of(name)?;
        self.by_seq.get_mut(&seq)
    }

    /// Adds `item` at the end; an item of the same name is removed first.
    pub fn push(&mut self, item: T) {
        self.remove(item.name());
        let seq = self.next;
        self.next += 1;
        match &mut self.by_name {
            Some(index) => index.insert_mut(item.name().to_owned(), seq),
            None if self.by_seq.size() >= SMALL => {
                let mut index = HashTrieMapSync::new_sync();
                for (&seq, item) in self.by_seq.iter() {
                    index.insert_mut(item.name().to_owned(), seq);
                }
                index.insert_mut(item.name().to_owned(), seq);
                self.by_name = Some(index);
            }
            None => {}
        }
        self.by_seq.insert_mut(seq, item);
    }

    /// Removes the item called `name`; whether there was one.
    pub fn remove(&mut self, name: &str) -> bool {
        let Some(seq) = self.seq_of(name) else {
            return false;
        };
        if let Some(index) = &mut self.by_name {
            index.remove_mut(name);
        }
        self.by_seq.remove_mut(&seq);
        true
    }

    /// Renames `old` to `new` in place (it keeps its position); an item already called
    /// `new` is removed first.
    pub fn rename(&mut self, old: &str, new: &str) {
        if old == new {
            return;
        }
        let Some(seq) = self.seq_of(old) else {
            return;
        };
        self.remove(new);
        if let Some(index) = &mut self.by_name {
            index.remove_mut(old);
            index.insert_mut(new.to_owned(), seq);
        }
        if let Some(item) = self.by_seq.get_mut(&seq) {
            item.set_name(new.to_owned());
        }
    }

    /// In the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.by_seq.values()
    }

    /// Keeps only the items `keep` accepts (scans every item).
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let gone: Vec<String> = self
            .iter()
            .filter(|item| !keep(item))
            .map(|item| item.name().to_owned())
            .collect();
        for name in gone {
            self.remove(&name);
        }
    }

    /// Applies `change` to every item `select` accepts (scans every item; copies only
    /// the changed ones). `change` must not rename.
    pub fn update_where(
        &mut self,
        mut select: impl FnMut(&T) -> bool,
        mut change: impl FnMut(&mut T),
    ) {
        let chosen: Vec<u64> = self
            .by_seq
            .iter()
            .filter(|(_, item)| select(item))
            .map(|(&seq, _)| seq)
            .collect();
        for seq in chosen {
            if let Some(item) = self.by_seq.get_mut(&seq) {
                change(item);
            }
        }
    }
}

impl<T: Clone + HasName + PartialEq> PartialEq for Named<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Clone + HasName + Eq> Eq for Named<T> {}

impl<T: Clone + HasName + fmt::Debug> fmt::Debug for Named<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, Eq)]
    struct Item(String, u32);

    impl HasName for Item {
        fn name(&self) -> &str {
            &self.0
        }
        fn set_name(&mut self, name: String) {
            self.0 = name;
        }
    }

    fn names(list: &Named<Item>) -> Vec<String> {
        list.iter().map(|i| i.0.clone()).collect()
    }

    #[test]
    fn keeps_order_and_shares_with_copies() {
        let mut list = Named::default();
        for (n, v) in [("a", 1), ("b", 2), ("c", 3)] {
            list.push(Item(n.into(), v));
        }
        let copy = list.clone();
        list.push(Item("a".into(), 9)); // replaced: moves to the end
        list.rename("b", "z");
        list.get_mut("c").unwrap().1 = 30;
        assert_eq!(names(&list), ["z", "c", "a"]);
        assert_eq!(list.get("a"), Some(&Item("a".into(), 9)));
        assert_eq!(list.get("c").unwrap().1, 30);
        assert!(list.get("b").is_none());
        // The copy is untouched.
        assert_eq!(names(&copy), ["a", "b", "c"]);
        assert_eq!(copy.get("c").unwrap().1, 3);
        list.retain(|i| i.1 != 30);
        assert_eq!(names(&list), ["z", "a"]);
        list.update_where(|i| i.0 == "z", |i| i.1 = 7);
        assert_eq!(list.get("z").unwrap().1, 7);
        list.rename("z", "a"); // onto an existing name: that one goes
        assert_eq!(names(&list), ["a"]);
        assert_eq!(list.get("a").unwrap().1, 7);
        assert!(list.remove("a") && list.is_empty() && !list.remove("a"));
    }

    /// Past `SMALL` items the names are indexed; the list answers the same.
    #[test]
    fn long_lists_answer_as_short_ones() {
        let mut list = Named::default();
        for i in 0..(3 * SMALL as u32) {
            list.push(Item(format!("c{i}"), i));
        }
        let copy = list.clone();
        list.push(Item("c0".into(), 100)); // replaced: moves to the end
        list.rename("c1", "d1");
        list.rename("c2", "c3"); // onto an existing name: that one goes
        assert!(list.remove("c4") && !list.remove("c4"));
        assert_eq!(list.len(), 3 * SMALL - 2);
        assert_eq!(list.get("c0").unwrap().1, 100);
        assert_eq!(list.get("d1").unwrap().1, 1);
        assert_eq!(list.get("c3").unwrap().1, 2);
        assert!(list.get("c1").is_none() && list.get("c2").is_none());
        assert!(!list.contains("c4"));
        let order = names(&list);
        assert_eq!(&order[..3], ["d1", "c3", "c5"]);
        assert_eq!(order.last().unwrap(), "c0");
        assert_eq!(copy.len(), 3 * SMALL);
        assert_eq!(copy.get("c4").unwrap().1, 4);
        assert_eq!(copy.get("c1").unwrap().1, 1);
    }
}
