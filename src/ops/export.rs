//! Exporting leads (SPEC §10): the leads of a stage or group, in id order, handed to a writer
//! one at a time — never the whole database in memory. JSON writes whole leads, page by page;
//! CSV writes lean export records, read and written on two threads.

use std::sync::mpsc;

use crate::domain::Lead;
use crate::domain::export::ExportBatch;
use crate::store::{ExportFilter, Store, StoreError};

use super::OpsError;

/// Leads read per page.
const PAGE: usize = 1000;

/// The external-id and extra-field keys the leads of `filter` use (the CSV header).
pub fn export_keys(
    store: &Store,
    filter: &ExportFilter,
) -> Result<(Vec<String>, Vec<String>), OpsError> {
    Ok((
        store.export_keys(filter, false)?,
        store.export_keys(filter, true)?,
    ))
}

/// Calls `f` with every lead of `filter`, in id order; returns how many.
pub fn for_each_lead<E: From<OpsError>>(
    store: &Store,
    filter: &ExportFilter,
    mut f: impl FnMut(&Lead) -> Result<(), E>,
) -> Result<u64, E> {
    let mut after = 0;
    let mut n = 0;
    loop {
        let page = store
            .export_page(filter, after, PAGE)
            .map_err(|e| E::from(OpsError::Store(e)))?;
        let Some(last) = page.last() else {
            return Ok(n);
        };
        after = last.id;
        for lead in &page {
            f(lead)?;
            n += 1;
        }
    }
}

/// Rows per batch handed from the reading thread to the writing one.
const BATCH: usize = 1024;
/// Batches read but not yet written, at most: memory stays flat however many leads there are.
const IN_FLIGHT: usize = 4;

/// Why the reading of batches stopped: the store failed, or the writing side did (`W`).
enum ReadStop<W> {
    Store(StoreError),
    Writer(W),
}

impl<W> From<StoreError> for ReadStop<W> {
    fn from(e: StoreError) -> ReadStop<W> {
        ReadStop::Store(e)
    }
}

/// Calls `write` with the export rows of the leads of `filter`, a batch at a time, in id
/// order, on this thread; returns how many rows.
pub fn for_each_batch<E: From<OpsError>>(
    store: &Store,
    filter: &ExportFilter,
    mut write: impl FnMut(&ExportBatch) -> Result<(), E>,
) -> Result<u64, E> {
    store
        .export_batches(
            filter,
            BATCH,
            ExportBatch::default(),
            |batch| -> Result<ExportBatch, ReadStop<E>> {
                write(&batch).map_err(ReadStop::Writer)?;
                Ok(batch)
            },
        )
        .map_err(|stop| match stop {
            ReadStop::Store(e) => E::from(OpsError::Store(e)),
            ReadStop::Writer(e) => e,
        })
}

/// [`for_each_batch`] with `write` on a second thread: the batches are read on this one and
/// handed over through a bounded channel, so SQLite's stepping and the formatting run on two
/// cores. `write` must not wait for anything this thread holds (such as stdout's lock).
pub fn for_each_batch_on_two_threads<E: From<OpsError> + Send>(
    store: &Store,
    filter: &ExportFilter,
    mut write: impl FnMut(&ExportBatch) -> Result<(), E> + Send,
) -> Result<u64, E> {
    let (full_tx, full_rx) = mpsc::sync_channel::<ExportBatch>(IN_FLIGHT);
    let (empty_tx, empty_rx) = mpsc::channel::<ExportBatch>();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<(), E> {
            for batch in full_rx {
                write(&batch)?;
                // The reader may have finished: then the batch is simply dropped.
                let _ = empty_tx.send(batch);
            }
            Ok(())
        });
        let read = store.export_batches(
            filter,
            BATCH,
            ExportBatch::default(),
            // The writer gone (the send failing) has stopped with an error it reports itself.
            |batch| -> Result<ExportBatch, ReadStop<()>> {
                full_tx.send(batch).map_err(|_| ReadStop::Writer(()))?;
                Ok(empty_rx.try_recv().unwrap_or_default())
            },
        );
        // Closing the channel ends the writer's loop.
        drop(full_tx);
        let written = match writer.join() {
            Ok(w) => w,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        written?;
        match read {
            Ok(n) => Ok(n),
            Err(ReadStop::Store(e)) => Err(E::from(OpsError::Store(e))),
            Err(ReadStop::Writer(())) => Ok(0),
        }
    })
}
