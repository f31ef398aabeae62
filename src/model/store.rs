//! Slot storage per resource kind: creation order, tombstones for deleted resources.

use std::marker::PhantomData;

/// A key usable with [`Store`].
pub trait StoreKey: Copy {
    /// The key of slot `index`.
    fn from_index(index: u32) -> Self;
    /// The slot index.
    fn slot(self) -> usize;
}

/// Resources of one kind in creation order; deleted ones leave an empty slot.
#[derive(Debug, Clone)]
pub struct Store<K, T> {
    items: Vec<Option<T>>,
    live: usize,
    _key: PhantomData<K>,
}

impl<K, T> Default for Store<K, T> {
    fn default() -> Self {
        Store { items: Vec::new(), live: 0, _key: PhantomData }
    }
}

impl<K: StoreKey, T> Store<K, T> {
    /// Adds a resource and returns its key.
    pub fn insert(&mut self, item: T) -> K {
        self.items.push(Some(item));
        self.live += 1;
        K::from_index((self.items.len() - 1) as u32)
    }

    /// The key the next insert will return.
    pub fn next_key(&self) -> K {
        K::from_index(self.items.len() as u32)
    }

    /// The resource, if it still exists.
    pub fn get(&self, key: K) -> Option<&T> {
        self.items.get(key.slot()).and_then(Option::as_ref)
    }

    /// The resource, mutably, if it still exists.
    pub fn get_mut(&mut self, key: K) -> Option<&mut T> {
        self.items.get_mut(key.slot()).and_then(Option::as_mut)
    }

    /// Removes the resource.
    pub fn remove(&mut self, key: K) -> Option<T> {
        let taken = self.items.get_mut(key.slot()).and_then(Option::take);
        if taken.is_some() {
            self.live -= 1;
        }
        taken
    }

    /// Existing resources in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &T)> + '_ {
        self.items.iter().enumerate().filter_map(|(i, t)| t.as_ref().map(|t| (K::from_index(i as u32), t)))
    }

    /// Keys of existing resources in creation order.
    pub fn keys(&self) -> Vec<K> {
        self.iter().map(|(k, _)| k).collect()
    }

    /// Number of existing resources.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether no resource exists.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }
}
