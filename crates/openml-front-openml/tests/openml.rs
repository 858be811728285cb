//! Drives the `openml` blueprint over HTTP against a stand-in OpenML server
//! on 127.0.0.1 that answers with OpenML's real replies.

// The blueprint registers itself when its crate is linked; naming the crate
// links it.
extern crate openml_front_openml as _;

#[path = "openml/harness.rs"]
mod harness;
#[path = "openml/standin.rs"]
mod standin;

#[path = "openml/collections.rs"]
mod collections;
#[path = "openml/data_edit.rs"]
mod data_edit;
#[path = "openml/data_tag.rs"]
mod data_tag;
#[path = "openml/data_upload.rs"]
mod data_upload;
#[path = "openml/failures.rs"]
mod failures;
#[path = "openml/task.rs"]
mod task;
