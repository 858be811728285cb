//! The `mailer` extension: outgoing mail through lettre.
//!
//! Transports: `file` writes one `.eml` file a message into `mail.dir` (the
//! default, for a personal site without a mail server), `smtp` sends
//! through an SMTP server, `log` only logs that a message would have gone
//! out (recipient and subject, never the body: it holds tokens).

use std::path::PathBuf;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{MailConfig, MailTransportKind, SmtpSecurity};
use crate::error::{ApiError, StartupError};
use crate::extension::{Extension, ExtensionContext};

/// Sends mail.
pub struct Mailer {
    transport: Transport,
    sender: Mailbox,
    feedback_to: Mailbox,
}

enum Transport {
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
    Log,
}

/// Why a message could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient is not a mail address.
    #[error("`{0}` is not a valid e-mail address")]
    BadAddress(String),
    /// The message could not be built.
    #[error("the message could not be built: {0}")]
    Build(String),
    /// The transport refused or failed.
    #[error("the message could not be sent: {0}")]
    Send(String),
}

impl From<MailError> for ApiError {
    fn from(err: MailError) -> Self {
        match err {
            MailError::BadAddress(_) => ApiError::bad_request(err.to_string()),
            other => {
                tracing::error!(error = %other, "mail failed");
                ApiError::unavailable(
                    "The e-mail could not be sent; nothing was changed. Please try again later",
                )
            }
        }
    }
}

#[openml_front_macros::extension(name = "mailer")]
impl Extension for Mailer {
    async fn init(ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
        Mailer::from_config(&ctx.settings.app.mail)
    }
}

impl Mailer {
    /// Builds the transport the configuration names.
    pub fn from_config(config: &MailConfig) -> Result<Self, StartupError> {
        let sender: Mailbox = config.sender.parse().map_err(|_| {
            StartupError::Config("key `mail.sender`: expected a mail address".into())
        })?;
        let feedback_to = match &config.feedback_to {
            Some(to) => to.parse().map_err(|_| {
                StartupError::Config("key `mail.feedback_to`: expected a mail address".into())
            })?,
            None => sender.clone(),
        };

        let transport = match config.transport {
            MailTransportKind::File => file_transport(config)?,
            MailTransportKind::Smtp => Transport::Smtp(Box::new(smtp_transport(config)?)),
            MailTransportKind::Log => Transport::Log,
        };
        Ok(Self {
            transport,
            sender,
            feedback_to,
        })
    }

    /// Sends a plain-text message to `to`.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let recipient: Mailbox = to
            .parse()
            .map_err(|_| MailError::BadAddress(to.to_string()))?;
        self.send_to(recipient, None, subject, body).await
    }

    /// Sends a plain-text message to the site's feedback address, with
    /// `Reply-To` set to the person who wrote it.
    pub async fn send_feedback(&self, reply_to: &str, body: String) -> Result<(), MailError> {
        let reply: Mailbox = reply_to
            .parse()
            .map_err(|_| MailError::BadAddress(reply_to.to_string()))?;
        self.send_to(
            self.feedback_to.clone(),
            Some(reply),
            "Feedback from the website",
            body,
        )
        .await
    }

    async fn send_to(
        &self,
        to: Mailbox,
        reply_to: Option<Mailbox>,
        subject: &str,
        body: String,
    ) -> Result<(), MailError> {
        let mut builder = Message::builder()
            .from(self.sender.clone())
            .to(to.clone())
            .subject(subject)
            .header(ContentType::TEXT_PLAIN);
        if let Some(reply_to) = reply_to {
            builder = builder.reply_to(reply_to);
        }
        let message = builder
            .body(body)
            .map_err(|err| MailError::Build(err.to_string()))?;

        match &self.transport {
            Transport::File(transport, dir) => {
                let id = transport
                    .send(message)
                    .await
                    .map_err(|err| MailError::Send(err.to_string()))?;
                tracing::info!(to = %to.email, subject, file = %dir.join(format!("{id}.eml")).display(), "mail written");
            }
            Transport::Smtp(transport) => {
                transport
                    .send(message)
                    .await
                    .map_err(|err| MailError::Send(err.to_string()))?;
                tracing::info!(to = %to.email, subject, "mail sent");
            }
            Transport::Log => {
                tracing::info!(to = %to.email, subject, "mail not sent (mail.transport = log)")
            }
        }
        Ok(())
    }
}

fn file_transport(config: &MailConfig) -> Result<Transport, StartupError> {
    std::fs::create_dir_all(&config.dir).map_err(|err| {
        StartupError::Config(format!(
            "key `mail.dir`: cannot create {}: {err}",
            config.dir.display()
        ))
    })?;
    Ok(Transport::File(
        AsyncFileTransport::new(&config.dir),
        config.dir.clone(),
    ))
}

fn smtp_transport(config: &MailConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, StartupError> {
    let smtp = &config.smtp;
    let bad_host = |err: lettre::transport::smtp::Error| {
        StartupError::Config(format!("key `mail.smtp.host`: {err}"))
    };

    let mut builder = match smtp.security {
        SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        SmtpSecurity::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).map_err(bad_host)?
        }
        SmtpSecurity::Tls => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(bad_host)?
        }
    }
    .port(smtp.port);

    if let (Some(username), Some(password)) = (&smtp.username, &smtp.password) {
        builder = builder.credentials(Credentials::new(username.clone(), password.clone()));
    }
    Ok(builder.build())
}
