//! Reading a period from aggregates kept at two levels (15-minute slots and hours, hours and
//! days, seconds and hours): the whole coarse units inside the period come from the coarse
//! table, the edges that cut a coarse unit from the fine one. Every real UTC offset is a
//! multiple of 15 minutes, and most are whole hours, so edges are usually empty.

/// A run of consecutive periods given by their bounds, in fine units, split by level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cover {
    /// Coarse units [lo, hi) to read from the coarse table, except those in `cut`.
    pub coarse: (i64, i64),
    /// Coarse units a bound falls inside: read from the fine table instead.
    pub cut: Vec<i64>,
    /// Fine ranges [lo, hi) to read from the fine table (the cut units, clipped to the run).
    pub fine: Vec<(i64, i64)>,
}

/// How `bounds` (ascending, fine units) split into coarse units of `factor` fine units and
/// fine edges.
pub(super) fn cover(bounds: &[i64], factor: i64) -> Cover {
    let (Some(&first), Some(&last)) = (bounds.first(), bounds.last()) else {
        return Cover {
            coarse: (0, 0),
            cut: Vec::new(),
            fine: Vec::new(),
        };
    };
    let mut cut: Vec<i64> = bounds
        .iter()
        .filter(|b| b.rem_euclid(factor) != 0)
        .map(|b| b.div_euclid(factor))
        .collect();
    cut.dedup();
    let fine = cut
        .iter()
        .map(|u| ((u * factor).max(first), ((u + 1) * factor).min(last)))
        .filter(|(lo, hi)| lo < hi)
        .collect();
    let lo = first.div_euclid(factor) + i64::from(first.rem_euclid(factor) != 0);
    let hi = last.div_euclid(factor).max(lo);
    Cover {
        coarse: (lo, hi),
        cut,
        fine,
    }
}

/// The index of the period `[bounds[i], bounds[i + 1])` holding fine unit `at`.
pub(super) fn period_of(bounds: &[i64], at: i64) -> Option<usize> {
    let i = bounds.partition_point(|b| *b <= at).checked_sub(1)?;
    (i + 1 < bounds.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fine unit of the run is read exactly once, at one level or the other.
    fn units(bounds: &[i64], factor: i64) -> Vec<i64> {
        let c = cover(bounds, factor);
        let mut out: Vec<i64> = (c.coarse.0..c.coarse.1)
            .filter(|u| !c.cut.contains(u))
            .flat_map(|u| u * factor..(u + 1) * factor)
            .collect();
        out.extend(c.fine.iter().flat_map(|(lo, hi)| *lo..*hi));
        out.sort_unstable();
        out
    }

    #[test]
    fn every_fine_unit_is_covered_once_and_coarse_units_never_straddle_a_bound() {
        for bounds in [
            vec![0, 96],
            vec![3, 5],
            vec![2, 6, 10, 13],
            vec![6, 102, 198],
            vec![4, 4],
            vec![1, 2, 3, 4, 5],
        ] {
            let expected: Vec<i64> = (bounds[0]..bounds[bounds.len() - 1]).collect();
            assert_eq!(units(&bounds, 4), expected, "{bounds:?}");
            let c = cover(&bounds, 4);
            for u in (c.coarse.0..c.coarse.1).filter(|u| !c.cut.contains(u)) {
                let (a, b) = (period_of(&bounds, u * 4), period_of(&bounds, u * 4 + 3));
                assert_eq!(a, b, "{bounds:?} unit {u}");
            }
        }
        assert_eq!(period_of(&[0, 4, 8], 8), None);
        assert_eq!(period_of(&[0, 4, 8], 4), Some(1));
    }
}
