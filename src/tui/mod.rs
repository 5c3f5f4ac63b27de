//! The composition root of the TUI: terminal set-up and restore, the event loop, and the
//! runtime that executes effects against the store.

mod clipboard;
mod dashboard;
mod dial;
mod figures_reader;
mod handoff;
mod jobs;
pub use jobs::Jobs;
mod keys;
mod mail;
mod runtime;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

use crate::app::{self, Effect, Msg, State, View};
use crate::cli::Context;
use crate::cli::context::now;
use crate::domain::i18n::TextKey;

/// How often the clock ticks (speed-to-lead timers, other processes' writes).
const TICK: Duration = Duration::from_secs(1);
/// The longest the loop blocks on input.
const POLL: Duration = Duration::from_millis(200);
/// The rep counts as pausing after this long without a key.
const IDLE: Duration = Duration::from_secs(2);
/// How often a pausing TUI checkpoints the WAL.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(10);

/// Builds the first state for a context.
pub fn initial_state(ctx: &Context) -> State {
    let lang = ctx.policy.lang;
    let reasons = ctx
        .config
        .lost_reasons()
        .iter()
        .map(|r| (r.id.clone(), r.label(lang).to_owned()))
        .collect();
    let mut state = State::new(
        ctx.policy.clone(),
        &ctx.config.rep.name,
        reasons,
        View::Today,
        now(),
    );
    // Built-in and configured sequences alike: `S` offers every one.
    state.sequences = ctx
        .config
        .sequences
        .iter()
        .map(|s| s.name.clone())
        .collect();
    state
}

/// Feeds a message through `update` and executes the effects until none are left.
pub fn dispatch(ctx: &mut Context, state: &mut State, msg: Msg) {
    dispatch_with(ctx, state, msg, None);
}

/// [`dispatch`] as the event loop runs it: imports and the clock-driven figures go to `jobs`
/// (their messages come back through [`Jobs::poll`]). For drivers that time the UI thread.
pub fn dispatch_with_jobs(ctx: &mut Context, state: &mut State, msg: Msg, jobs: &mut Jobs) {
    dispatch_with(ctx, state, msg, Some(jobs));
}

/// [`dispatch`], with the long jobs an event loop runs off the UI thread.
fn dispatch_with(
    ctx: &mut Context,
    state: &mut State,
    msg: Msg,
    mut jobs: Option<&mut jobs::Jobs>,
) {
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        let effects = app::update(state, msg, &ctx.config.keys);
        let mut produced = Vec::new();
        for effect in effects {
            if effect == Effect::Quit {
                state.quit = true;
                continue;
            }
            if runtime::is_clock_read(&effect)
                && let (Some(j), Some(db)) = (jobs.as_deref_mut(), ctx.store.path())
            {
                j.figures(
                    db.to_path_buf(),
                    ctx.store.is_read_only(),
                    &ctx.config,
                    effect,
                    state.now,
                );
                continue;
            }
            if let Effect::Import {
                path,
                skip,
                dry_run,
            } = &effect
            {
                let file = expand_home(path);
                match (jobs.as_deref_mut(), ctx.store.path()) {
                    (Some(j), Some(db)) => {
                        j.import(
                            db.to_path_buf(),
                            ctx.config.clone(),
                            file,
                            *skip,
                            *dry_run,
                            state.now,
                        );
                        state.say(
                            app::StatusKind::Info,
                            ctx.policy.lang.text(TextKey::TuiEventLoopImportStarted),
                        );
                    }
                    _ => produced.push(Msg::Failed(
                        ctx.policy
                            .lang
                            .text(TextKey::TuiEventLoopImportNeedsFile)
                            .into(),
                    )),
                }
                continue;
            }
            produced.extend(runtime::execute(ctx, effect, state.now));
        }
        // Keep the order the effects ran in.
        produced.reverse();
        queue.extend(produced);
    }
}

fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

/// The first effects: counters and the default view's first page.
pub fn start(ctx: &mut Context, state: &mut State) {
    start_with(ctx, state, None);
}

/// [`start`], with the clock-driven figures read on the figures reader's thread when the
/// event loop runs one, so the first frame does not wait for them.
fn start_with(ctx: &mut Context, state: &mut State, mut jobs: Option<&mut jobs::Jobs>) {
    // The zones before the first page: Today's page request carries the callable-now split
    // it is made with, so a page asked for before the zones are known would be read with the
    // rep's zone alone — and, answered after the zones' own reload, would stay on screen
    // with leads callable now sorted among the rest.
    for m in runtime::execute(ctx, Effect::LoadZones, state.now) {
        match m {
            Msg::Zones(zones) => state.lead_zones = zones,
            other => dispatch(ctx, state, other),
        }
    }
    let view = state.view;
    let mut effects = app::open_view(state, view);
    effects.push(Effect::LoadSavedViews);
    effects.push(Effect::LoadStuck);
    effects.push(Effect::LoadTodayCount);
    for e in effects {
        if runtime::is_clock_read(&e)
            && let (Some(j), Some(db)) = (jobs.as_deref_mut(), ctx.store.path())
        {
            j.figures(
                db.to_path_buf(),
                ctx.store.is_read_only(),
                &ctx.config,
                e,
                state.now,
            );
            continue;
        }
        for m in runtime::execute(ctx, e, state.now) {
            dispatch(ctx, state, m);
        }
    }
}

/// Runs the TUI until the rep quits. The terminal is restored on every exit, panics included
/// (ratatui's `init` installs a hook that restores before the panic message prints).
pub fn run(mut ctx: Context) -> anyhow::Result<()> {
    // SIGTERM and SIGHUP (a closed terminal window, a `kill`) end the loop like `q` does, so
    // the terminal is restored and queued work stays queued.
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    // When the terminal itself is gone (a closed window sends SIGHUP), crossterm's input poll
    // can spin on end-of-file and never return: a watchdog ends the process if the loop has
    // not wound down within a second of the signal. The journal is already safe on disk.
    let watchdog = Arc::clone(&stop);
    std::thread::spawn(move || {
        while !watchdog.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_secs(1));
        ratatui::restore();
        std::process::exit(129);
    });
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut ctx, &stop);
    ratatui::restore();
    result
}

/// `LEADBENCH_FAULT=panic|error` makes the TUI fail right after its first frame, the way a bug
/// would: the tests use it to prove that the terminal is restored on a panic and on an error.
fn injected_fault() -> anyhow::Result<()> {
    match std::env::var("LEADBENCH_FAULT").as_deref() {
        Ok("panic") => panic!("injected fault (LEADBENCH_FAULT=panic)"),
        Ok("error") => anyhow::bail!("injected fault (LEADBENCH_FAULT=error)"),
        _ => Ok(()),
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    ctx: &mut Context,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let mut state = initial_state(ctx);
    let size = terminal.size()?;
    state.table.visible = crate::ui::table_rows(size.into(), &state);
    let mut jobs = jobs::Jobs::default();
    start_with(ctx, &mut state, Some(&mut jobs));
    // SQLite's locks are unreliable on a network file system: say so where the rep looks.
    if let Some(w) = ctx
        .store
        .path()
        .and_then(|p| crate::cli::network_warning(p, ctx.config.ui.language))
    {
        state.say(app::StatusKind::Warn, w);
    }
    terminal.draw(|f| crate::ui::render(f, &state, &ctx.config.keys))?;
    injected_fault()?;
    // Checkpoints run when the rep pauses, not inside the commit of a key press.
    let _ = ctx.store.defer_checkpoints();
    let mut last_input = Instant::now();
    let mut last_checkpoint = Instant::now();
    let mut data_version = ctx.store.data_version().unwrap_or(0);
    let mut dirty = true;
    let mut next_tick = Instant::now() + TICK;
    while !state.quit && !stop.load(Ordering::Relaxed) {
        if dirty {
            terminal.draw(|f| crate::ui::render(f, &state, &ctx.config.keys))?;
            dirty = false;
        }
        // Wake at least every POLL so a signal is noticed quickly.
        let timeout = next_tick
            .saturating_duration_since(Instant::now())
            .min(POLL);
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(k) if keys::is_ctrl_c(&k) => break,
                Event::Key(k) => {
                    last_input = Instant::now();
                    if let Some(key) = keys::to_key(&k) {
                        dispatch_with(ctx, &mut state, Msg::Key(key), Some(&mut jobs));
                        dirty = true;
                    }
                    if let Some(text) = state.editor_request.take() {
                        // The editor gets the terminal; ours comes back afterwards.
                        ratatui::restore();
                        let edited = mail::run_editor(&text);
                        *terminal = ratatui::init();
                        terminal.clear()?;
                        match edited {
                            Ok(t) => dispatch(ctx, &mut state, Msg::Edited(t)),
                            Err(e) => {
                                dispatch(ctx, &mut state, Msg::Failed(format!("$EDITOR: {e}")))
                            }
                        }
                    }
                }
                Event::Resize(w, h) => {
                    let rows =
                        crate::ui::table_rows(ratatui::layout::Rect::new(0, 0, w, h), &state);
                    dispatch(ctx, &mut state, Msg::Resize(rows));
                    dirty = true;
                }
                _ => {}
            }
        }
        for m in jobs.poll() {
            dispatch_with(ctx, &mut state, m, Some(&mut jobs));
            dirty = true;
        }
        if Instant::now() >= next_tick {
            next_tick = Instant::now() + TICK;
            let now = now();
            if now.timestamp() / 60 != state.now.timestamp() / 60 || state.figures.stages[0] > 0 {
                dirty = true;
            }
            dispatch_with(ctx, &mut state, Msg::Tick(now), Some(&mut jobs));
            if last_input.elapsed() >= IDLE && last_checkpoint.elapsed() >= CHECKPOINT_EVERY {
                last_checkpoint = Instant::now();
                let _ = ctx.store.checkpoint();
            }
            // Another process (a script, a second window) wrote: show it.
            if let Ok(v) = ctx.store.data_version() {
                if v != data_version {
                    data_version = v;
                    dispatch(ctx, &mut state, Msg::ExternalChange);
                    dirty = true;
                }
            }
        }
    }
    let _ = ctx.store.checkpoint();
    Ok(())
}
