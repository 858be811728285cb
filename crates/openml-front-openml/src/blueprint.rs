//! The `openml` blueprint: the routes that act on OpenML for the
//! signed-in user.
//!
//! | route | what it does |
//! |---|---|
//! | `GET /data-edit?url=...` | a dataset's description, and whether the user uploaded it |
//! | `POST /data-edit?url=...` | changes a dataset's description |
//! | `POST /data-upload` | converts a data file to ARFF and uploads it |
//! | `POST /data-tag?url=...` | tags a dataset |
//! | `POST /upload-task` | creates a task |
//! | `POST /upload-collection-runs` | creates a collection of runs |
//! | `POST /upload-collection-tasks` | creates a collection of tasks |
//!
//! Every route needs an access token and uses the user's own OpenML API
//! key. It needs the `database`, `tokens` and `openml` extensions, and
//! reads the optional `[openml_upload]` section (see
//! [`UploadConfig`](crate::routes::data_upload::UploadConfig)).

use openml_front_core::auth::Authenticator;
use openml_front_core::extensions::database::Database;
use openml_front_core::extensions::tokens::Tokens;
use openml_front_core::{Blueprint, Mount, MountContext, StartupError};

use crate::client::OpenmlClient;
use crate::routes::collections::CollectionsApi;
use crate::routes::data_edit::DataEditApi;
use crate::routes::data_tag::DataTagApi;
use crate::routes::data_upload::{DataUploadApi, UploadConfig};
use crate::routes::task::TaskApi;

/// The name of the settings section of the upload route.
pub const UPLOAD_SECTION: &str = "openml_upload";

/// The `openml` blueprint.
#[derive(Debug, Default)]
pub struct OpenmlBlueprint;

#[openml_front_core::blueprint(name = "openml", requires = ["database", "tokens", "openml"])]
impl Blueprint for OpenmlBlueprint {
    fn mount(&self, ctx: &MountContext<'_>) -> Result<Mount, StartupError> {
        let client = ctx.extension::<OpenmlClient>()?;
        let tokens = ctx.extension::<Tokens>()?;
        let database = ctx.extension::<Database>()?;
        let upload: UploadConfig = ctx.section(UPLOAD_SECTION)?;

        let apis = (
            DataEditApi::new(client.clone()),
            DataUploadApi::new(client.clone(), upload),
            DataTagApi::new(client.clone()),
            TaskApi::new(client.clone()),
            CollectionsApi::new(client),
        );
        Ok(Mount::new()
            .api(apis)
            .data(Authenticator::new(tokens, database)))
    }
}
