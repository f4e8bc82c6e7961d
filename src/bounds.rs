//! The limits on every value a user gives dossier, in one place.
//!
//! Dates in notes, in `dossier.toml` and on the command line are checked by
//! [`date`] (called by the one date parser,
//! [`crate::fields::parse_date`]); numbers in `dossier.toml` by
//! their [`IntBound`]. Every loop over days or windows walks a period made
//! of checked dates, so no value can make dossier loop for centuries, and no
//! date arithmetic on them can overflow.

use std::ops::RangeInclusive;

use jiff::civil::Date;

/// The first year dossier accepts: nothing in a career journal is older
/// than Unix time.
pub(crate) const MIN_YEAR: i16 = 1970;

/// The last year dossier accepts: a target or a planned meeting can be far
/// ahead, not millennia ahead.
pub(crate) const MAX_YEAR: i16 = 2200;

/// `date` when its year is within [`MIN_YEAR`]..=[`MAX_YEAR`].
pub(crate) fn date(date: Date) -> Result<Date, OutOfBounds> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(OutOfBounds::Year { year: date.year() })
    }
}

/// A value outside the limits dossier accepts; its message says the limits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutOfBounds {
    /// A date whose year is outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    #[error("the year {year} is outside the years dossier accepts, {MIN_YEAR} to {MAX_YEAR}")]
    Year {
        /// The year found.
        year: i16,
    },
    /// A whole-number setting outside its [`IntBound`].
    #[error("`{name}` must be between {min} and {max} {unit}, found {value}")]
    Number {
        /// The setting.
        name: String,
        /// The value found.
        value: i128,
        /// The smallest value allowed.
        min: u64,
        /// The largest value allowed.
        max: u64,
        /// What one unit is.
        unit: &'static str,
    },
}

/// The range of a whole-number setting and what it counts.
#[derive(Clone, Debug)]
pub struct IntBound {
    /// The allowed values.
    pub range: RangeInclusive<u64>,
    /// What one unit is, for messages ("days", "bytes").
    pub unit: &'static str,
}

impl IntBound {
    /// `value` if allowed.
    pub fn check(&self, name: &str, value: i128) -> Result<u64, OutOfBounds> {
        match u64::try_from(value) {
            Ok(value) if self.range.contains(&value) => Ok(value),
            _ => Err(OutOfBounds::Number {
                name: name.to_string(),
                value,
                min: *self.range.start(),
                max: *self.range.end(),
                unit: self.unit,
            }),
        }
    }
}

/// `cadence_days`: from daily updates to one a year.
pub(crate) const CADENCE_DAYS: IntBound = IntBound {
    range: 1..=366,
    unit: "days",
};

/// `backdated_days` and `stale_days`: up to ten years.
pub(crate) const DAYS_SETTING: IntBound = IntBound {
    range: 1..=3660,
    unit: "days",
};

/// `max_file_size` and `max_asset_size`, in bytes: from one byte to 1 GB.
pub(crate) const FILE_SIZE: IntBound = IntBound {
    range: 1..=1_000_000_000,
    unit: "bytes",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_the_years_are_refused() {
        assert!(date(jiff::civil::date(1970, 1, 1)).is_ok());
        assert!(date(jiff::civil::date(2200, 12, 31)).is_ok());
        let error = date(jiff::civil::date(9999, 12, 31)).unwrap_err();
        assert_eq!(error, OutOfBounds::Year { year: 9999 });
        assert_eq!(
            error.to_string(),
            "the year 9999 is outside the years dossier accepts, 1970 to 2200"
        );
        assert!(date(jiff::civil::date(1969, 12, 31)).is_err());
        assert!(date(jiff::civil::date(-9999, 1, 1)).is_err());
    }

    #[test]
    fn numbers_outside_their_range_are_refused() {
        assert_eq!(CADENCE_DAYS.check("cadence_days", 14), Ok(14));
        assert_eq!(CADENCE_DAYS.check("cadence_days", 366), Ok(366));
        for bad in [0, -1, 367, 7_304_485, i128::from(u64::MAX) + 1] {
            let error = CADENCE_DAYS.check("cadence_days", bad).unwrap_err();
            assert!(
                matches!(error, OutOfBounds::Number { value, min: 1, max: 366, .. } if value == bad),
                "{error:?}"
            );
            assert_eq!(
                error.to_string(),
                format!("`cadence_days` must be between 1 and 366 days, found {bad}")
            );
        }
    }
}
