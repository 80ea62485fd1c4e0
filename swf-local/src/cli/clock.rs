//! The flags of the virtual clock.

use crate::VirtualClock;
use crate::server::Builder;
use swf_core::types::Timestamp;

/// How a virtual clock moves, as `--virtual-clock` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClockMode {
    /// Skips to the next timer or timeout whenever nothing else can happen, and moves by
    /// `POST /admin/clock/advance`.
    Auto,
    /// Moves only by `POST /admin/clock/advance`.
    Manual,
}

/// The wall clock (the default), or a virtual clock for tests.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClockArgs {
    /// Run on a virtual clock: timers and timeouts fire as soon as nothing else can happen
    /// (`auto`, the mode when none is given) or only when moved by POST /admin/clock/advance
    /// {"seconds": N} (`manual`). Event timestamps follow it.
    #[arg(
        long,
        value_name = "MODE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "auto",
        env = "SWF_LOCAL_VIRTUAL_CLOCK"
    )]
    pub virtual_clock: Option<ClockMode>,
    /// Where the virtual clock starts, as an RFC 3339 date-time (2030-01-01T00:00:00Z)
    /// [default: now; a database's saved time wins].
    #[arg(
        long,
        value_name = "TIME",
        requires = "virtual_clock",
        value_parser = Timestamp::parse_rfc3339,
        env = "SWF_LOCAL_VIRTUAL_CLOCK_START"
    )]
    pub virtual_clock_start: Option<Timestamp>,
}

impl ClockArgs {
    /// Sets these flags' clock on `builder`.
    pub(crate) fn configure(&self, builder: &mut Builder) {
        let Some(mode) = self.virtual_clock else {
            return;
        };
        let mut clock = VirtualClock::new();
        if let Some(start) = self.virtual_clock_start {
            clock = clock.starting_at(start.into());
        }
        if mode == ClockMode::Manual {
            clock = clock.manual();
        }
        builder.virtual_clock(clock);
    }
}
