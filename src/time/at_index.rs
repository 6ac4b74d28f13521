//! The passages of one document arranged by the days they narrate, so that the
//! date cursor's question ("which passage for this day?") reads only the passages
//! around the day, however long the document: a key press costs the same in an
//! article and in a 50 MB book.
//!
//! The index only finds candidates; `Chronology::at` still judges them, so the
//! rules of the cursor live in one place.
//!
//! Must not import ratatui, crossterm, `app` or `ui`.

use super::date::Date;
use super::narrative::PassageTime;
use super::timex::Granularity;

/// A candidate for "where the story stood before the date": the later its time
/// ends the better, then narration before argument, then the later passage.
pub type EarlierKey = (i64, bool, usize);

#[derive(Debug, Clone, Default)]
pub struct AtIndex {
    /// (day, block) for every day of every passage whose time is finer than a
    /// year and at most `short_days` long, sorted.
    short_days: Vec<(i64, u32)>,
    /// The longer ones: for any day, the cheapest holding it, for all passages
    /// and for the main narration. A text that sums up months in every
    /// paragraph has thousands of them holding each day.
    long_all: RangeMin,
    long_main: RangeMin,
    /// (day, block) for the long ones that write out a day, sorted: writing the
    /// day makes a long passage a candidate like a short one.
    long_writes: Vec<(i64, u32)>,
    /// Passages that can stand for an earlier time, by the last day of their
    /// time, each with the best key among it and all before it: for every
    /// passage, and for the main narration only.
    earlier: Vec<EarlierEntry>,
    /// The latest start of a precise time finer than a year.
    latest_precise_start: Option<i64>,
    /// Every time's first day, sorted, for "next: 3 Apr".
    starts: Vec<i64>,
}

#[derive(Debug, Clone, Copy)]
struct EarlierEntry {
    last: i64,
    best_all: EarlierKey,
    best_main: Option<EarlierKey>,
}

impl AtIndex {
    /// `argues` and `main` say, per block, whether it argues rather than narrates
    /// and whether it belongs to the main narration; `written_days` gives the
    /// days a block writes out; `long_cost` is what a long time costs as an
    /// answer for any day in it. Spans of at most `short_days` are indexed day
    /// by day.
    pub fn new(
        times: &[Option<PassageTime>],
        argues: impl Fn(usize) -> bool,
        main: impl Fn(usize) -> bool,
        written_days: impl Fn(usize) -> Vec<i64>,
        long_cost: impl Fn(usize, &PassageTime) -> f64,
        short_days: i64,
    ) -> AtIndex {
        let mut index = AtIndex::default();
        let mut earlier: Vec<(i64, EarlierKey, bool)> = Vec::new();
        let mut long: Vec<(i64, i64, f64, usize, bool)> = Vec::new();
        for (block, time) in times.iter().enumerate() {
            let Some(time) = time else { continue };
            let (first, last) = (time.span.first.to_days(), time.span.last.to_days());
            index.starts.push(first);
            if time.granularity <= Granularity::Year {
                earlier.push((last, (last, !argues(block), block), main(block)));
            }
            if time.granularity >= Granularity::Year {
                continue;
            }
            if time.is_precise() {
                index.latest_precise_start = index.latest_precise_start.max(Some(first));
            }
            if last - first < short_days {
                index
                    .short_days
                    .extend((first..=last).map(|day| (day, block as u32)));
            } else {
                long.push((first, last, long_cost(block, time), block, main(block)));
                index.long_writes.extend(
                    written_days(block)
                        .into_iter()
                        .filter(|day| (first..=last).contains(day))
                        .map(|day| (day, block as u32)),
                );
            }
        }
        index.short_days.sort_unstable();
        index.long_writes.sort_unstable();
        index.long_all = RangeMin::new(long.iter().map(|&(f, l, c, b, _)| (f, l, c, b)));
        index.long_main = RangeMin::new(
            long.iter()
                .filter(|entry| entry.4)
                .map(|&(f, l, c, b, _)| (f, l, c, b)),
        );
        index.starts.sort_unstable();
        earlier.sort_unstable_by_key(|(last, key, _)| (*last, *key));
        let mut best_all: Option<EarlierKey> = None;
        let mut best_main: Option<EarlierKey> = None;
        index.earlier = earlier
            .into_iter()
            .map(|(last, key, main)| {
                best_all = best_all.max(Some(key));
                if main {
                    best_main = best_main.max(Some(key));
                }
                EarlierEntry {
                    last,
                    best_all: best_all.unwrap_or(key),
                    best_main,
                }
            })
            .collect();
        index
    }

    /// The blocks whose time (finer than a year) holds the date and is short or
    /// writes the day out, in block order.
    pub fn holding(&self, date: Date) -> Vec<usize> {
        let day = date.to_days();
        let mut blocks: Vec<usize> = [&self.short_days, &self.long_writes]
            .into_iter()
            .flat_map(|list| {
                let from = list.partition_point(|&(d, _)| d < day);
                let to = list.partition_point(|&(d, _)| d <= day);
                list[from..to].iter().map(|&(_, block)| block as usize)
            })
            .collect();
        blocks.sort_unstable();
        blocks.dedup();
        blocks
    }

    /// The cheapest long time holding the date, as (cost, block), among all
    /// passages or the main narration's only.
    pub fn cheapest_long(&self, date: Date, main_only: bool) -> Option<(f64, usize)> {
        if main_only {
            self.long_main.at(date.to_days())
        } else {
            self.long_all.at(date.to_days())
        }
    }

    /// The best passage whose time ends before the date (a year, or finer), among
    /// all passages or the main narration's only.
    pub fn earlier(&self, date: Date, main_only: bool) -> Option<EarlierKey> {
        let day = date.to_days();
        let count = self.earlier.partition_point(|entry| entry.last < day);
        let entry = self.earlier.get(count.checked_sub(1)?)?;
        if main_only {
            entry.best_main
        } else {
            Some(entry.best_all)
        }
    }

    /// Whether the document narrates a precise time that starts after the date.
    pub fn narrates_after(&self, date: Date) -> bool {
        self.latest_precise_start
            .is_some_and(|start| start > date.to_days())
    }

    /// The first day after the date on which one of the document's times starts.
    pub fn next_start_after(&self, date: Date) -> Option<Date> {
        let day = date.to_days();
        let next = self.starts.partition_point(|&start| start <= day);
        self.starts.get(next).map(|&start| Date::from_days(start))
    }
}

/// The minimum (cost, block) over the ranges holding a point: a segment tree
/// over the ranges' ends, each range written into the O(log n) nodes covering
/// it, a point read from its leaf up to the root.
#[derive(Debug, Clone, Default)]
struct RangeMin {
    /// Sorted distinct boundaries: a range [first, last] becomes the
    /// elementary intervals from `first` up to (not including) `last + 1`.
    bounds: Vec<i64>,
    nodes: Vec<Option<(f64, usize)>>,
}

impl RangeMin {
    fn new(ranges: impl Iterator<Item = (i64, i64, f64, usize)> + Clone) -> RangeMin {
        let mut bounds: Vec<i64> = ranges
            .clone()
            .flat_map(|(first, last, _, _)| [first, last + 1])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let size = bounds.len();
        let mut nodes = vec![None; 2 * size];
        for (first, last, cost, block) in ranges {
            let mut low = bounds.partition_point(|&b| b < first) + size;
            let mut high = bounds.partition_point(|&b| b < last + 1) + size;
            while low < high {
                if low % 2 == 1 {
                    keep_cheaper(&mut nodes[low], (cost, block));
                    low += 1;
                }
                if high % 2 == 1 {
                    high -= 1;
                    keep_cheaper(&mut nodes[high], (cost, block));
                }
                low /= 2;
                high /= 2;
            }
        }
        RangeMin { bounds, nodes }
    }

    fn at(&self, point: i64) -> Option<(f64, usize)> {
        // The elementary interval holding the point starts at the last bound
        // not after it; past the last bound nothing holds it.
        let slot = self
            .bounds
            .partition_point(|&b| b <= point)
            .checked_sub(1)?;
        let mut node = slot + self.bounds.len();
        let mut best = None;
        while node >= 1 {
            if let Some(candidate) = self.nodes[node] {
                keep_cheaper(&mut best, candidate);
            }
            node /= 2;
        }
        best
    }
}

/// Lower cost wins; between equal costs, the earlier passage.
fn keep_cheaper(slot: &mut Option<(f64, usize)>, candidate: (f64, usize)) {
    let cheaper = slot.is_none_or(|(cost, block)| {
        candidate
            .0
            .total_cmp(&cost)
            .then(candidate.1.cmp(&block))
            .is_lt()
    });
    if cheaper {
        *slot = Some(candidate);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::date::DateSpan;
    use crate::time::narrative::TimeSource;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn time(first: Date, last: Date, granularity: Granularity) -> Option<PassageTime> {
        Some(PassageTime {
            span: DateSpan { first, last },
            focus: first,
            source: TimeSource::Own,
            confidence: 1.0,
            granularity,
        })
    }

    /// 0: 18 March; 1: undated; 2: 18 March – 28 May; 3: 1870 (a year);
    /// 4: 26 March, looking back; 5: 19th century (a frame, never a candidate).
    fn sample() -> AtIndex {
        let times = vec![
            time(day(1871, 3, 18), day(1871, 3, 18), Granularity::Day),
            None,
            time(day(1871, 3, 18), day(1871, 5, 28), Granularity::Day),
            time(day(1870, 1, 1), day(1870, 12, 31), Granularity::Year),
            time(day(1871, 3, 26), day(1871, 3, 26), Granularity::Day),
            time(day(1800, 1, 1), day(1899, 12, 31), Granularity::Century),
        ];
        AtIndex::new(
            &times,
            |_| false,
            |block| block != 4,
            |block| {
                if block == 2 {
                    vec![day(1871, 3, 26).to_days()]
                } else {
                    Vec::new()
                }
            },
            |block, _| block as f64,
            62,
        )
    }

    #[test]
    fn the_cheapest_long_time_holding_a_day_is_found_by_range() {
        let times = vec![
            time(day(1871, 1, 1), day(1871, 6, 30), Granularity::Day),
            time(day(1871, 3, 1), day(1871, 5, 31), Granularity::Day),
            time(day(1870, 9, 19), day(1871, 1, 28), Granularity::Day),
        ];
        let costs = [2.0, 1.0, 0.5];
        let index = AtIndex::new(
            &times,
            |_| false,
            |block| block != 1,
            |_| Vec::new(),
            |block, _| costs[block],
            62,
        );
        let long = |date, main| index.cheapest_long(date, main).map(|(_, block)| block);
        assert_eq!(long(day(1871, 4, 1), false), Some(1));
        assert_eq!(long(day(1871, 4, 1), true), Some(0), "1 is not main");
        assert_eq!(long(day(1871, 1, 15), false), Some(2));
        assert_eq!(long(day(1871, 1, 29), false), Some(0));
        assert_eq!(long(day(1871, 6, 30), false), Some(0));
        assert_eq!(long(day(1871, 7, 1), false), None);
        assert_eq!(long(day(1870, 9, 18), false), None);
        assert_eq!(index.holding(day(1871, 4, 1)), Vec::<usize>::new());
    }

    #[test]
    fn holding_finds_short_times_and_long_ones_writing_the_day_in_block_order() {
        let index = sample();
        assert_eq!(index.holding(day(1871, 3, 18)), vec![0]);
        assert_eq!(
            index.holding(day(1871, 3, 26)),
            vec![2, 4],
            "a long time is a candidate on a day it writes out"
        );
        assert_eq!(index.holding(day(1871, 5, 28)), Vec::<usize>::new());
        assert_eq!(index.cheapest_long(day(1871, 5, 28), false), Some((2.0, 2)));
        assert_eq!(index.holding(day(1871, 5, 29)), Vec::<usize>::new());
        assert_eq!(
            index.holding(day(1870, 6, 1)),
            Vec::<usize>::new(),
            "a year holds no day"
        );
    }

    #[test]
    fn earlier_is_the_latest_time_wholly_past_for_all_or_the_main_narration() {
        let index = sample();
        let june = day(1871, 6, 10);
        assert_eq!(index.earlier(june, false).map(|k| k.2), Some(2));
        let april = day(1871, 4, 1);
        assert_eq!(index.earlier(april, false).map(|k| k.2), Some(4));
        assert_eq!(
            index.earlier(april, true).map(|k| k.2),
            Some(0),
            "the look-back is left out of the main narration"
        );
        assert_eq!(index.earlier(day(1871, 1, 5), false).map(|k| k.2), Some(3));
        assert_eq!(index.earlier(day(1869, 1, 5), false), None);
    }

    #[test]
    fn later_times_are_known_without_reading_every_passage() {
        let index = sample();
        assert!(index.narrates_after(day(1871, 3, 20)));
        assert!(!index.narrates_after(day(1871, 3, 26)));
        assert_eq!(
            index.next_start_after(day(1871, 3, 18)),
            Some(day(1871, 3, 26))
        );
        assert_eq!(index.next_start_after(day(1871, 3, 26)), None);
    }
}
