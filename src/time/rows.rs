//! A short list of items for every passage of a corpus, held flat.
//!
//! A `Vec` per passage costs a header, an allocation and room to grow for each
//! of hundreds of thousands of passages, and leaves the heap in pieces when the
//! lists come and go; one vector of items and one of row ends cost only the
//! items.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

/// Rows of items, appended one row at a time and read by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows<T> {
    items: Vec<T>,
    /// Where each row ends in `items`.
    ends: Vec<usize>,
}

impl<T> Default for Rows<T> {
    fn default() -> Self {
        Rows {
            items: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T> Rows<T> {
    /// Appends a row.
    pub fn push(&mut self, row: impl IntoIterator<Item = T>) {
        self.items.extend(row);
        self.ends.push(self.items.len());
    }

    /// Row `index`, empty past the last.
    pub fn row(&self, index: usize) -> &[T] {
        let Some(&end) = self.ends.get(index) else {
            return &[];
        };
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.items[start..end]
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[T]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.items[start..end])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The items and the row ends, for a caller that rewrites the rows in place.
    pub fn into_parts(self) -> (Vec<T>, Vec<usize>) {
        (self.items, self.ends)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_pushed_empty_ones_included() {
        let mut rows = Rows::default();
        rows.push([3u32, 1]);
        rows.push([]);
        rows.push([7]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows.row(0), [3, 1]);
        assert_eq!(rows.row(1), [] as [u32; 0]);
        assert_eq!(rows.row(2), [7]);
        assert_eq!(rows.row(3), [] as [u32; 0], "past the last row");
        let all: Vec<&[u32]> = rows.iter().collect();
        assert_eq!(all, [&[3, 1][..], &[], &[7]]);
        assert_eq!(rows.into_parts(), (vec![3, 1, 7], vec![2, 2, 3]));
    }
}
