//! Delivery through a real SMTP conversation, with a minimal SMTP server in the test that
//! records what it receives; and a mail server that is down leaves the email queued.

use convene_domain::mail::EmailMessage;
use convene_mailer::{Mailer, SmtpSettings};
use convene_store::Store;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts one SMTP session and returns everything the client sent.
async fn one_smtp_session(listener: TcpListener) -> String {
    let (stream, _) = listener.accept().await.unwrap();
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut received = String::new();
    write.write_all(b"220 test ESMTP\r\n").await.unwrap();
    let mut in_data = false;
    while let Some(line) = lines.next_line().await.unwrap() {
        received.push_str(&line);
        received.push('\n');
        if in_data {
            if line == "." {
                in_data = false;
                write.write_all(b"250 queued\r\n").await.unwrap();
            }
            continue;
        }
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-test\r\n250 8BITMIME\r\n"
        } else if command.starts_with("DATA") {
            in_data = true;
            b"354 go ahead\r\n"
        } else if command.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await.unwrap();
            break;
        } else {
            b"250 OK\r\n"
        };
        write.write_all(reply).await.unwrap();
    }
    received
}

async fn store_with_one_email(dir: &tempfile::TempDir) -> Store {
    let store = Store::open(&dir.path().join("mail.sqlite").display().to_string())
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store
        .send_email(&EmailMessage {
            to: "jo@example.org".into(),
            subject: "Confirm your email address for Convene".into(),
            body: "Open this link: http://localhost/verify-email?token=abc\n".into(),
        })
        .await
        .unwrap();
    store
}

#[tokio::test]
async fn queued_email_is_delivered_by_smtp_and_marked_sent() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_one_email(&dir).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(one_smtp_session(listener));

    let mailer = Mailer::new(&SmtpSettings {
        url: format!("smtp://127.0.0.1:{port}"),
        from: "Convene <convene@example.org>".into(),
    })
    .unwrap();
    assert_eq!(mailer.deliver_pending(&store).await.unwrap(), 1);
    let conversation = server.await.unwrap();
    assert!(
        conversation.contains("MAIL FROM:<convene@example.org>"),
        "{conversation}"
    );
    assert!(
        conversation.contains("RCPT TO:<jo@example.org>"),
        "{conversation}"
    );
    assert!(conversation.contains("Subject: Confirm your email address for Convene"));
    assert!(conversation.contains("verify-email?token=abc"));

    let outbox = store.outbox(None, 10).await.unwrap();
    assert!(outbox[0].sent_at.is_some());
    assert_eq!(outbox[0].attempts, 1);
    assert_eq!(
        mailer.deliver_pending(&store).await.unwrap(),
        0,
        "sent once only"
    );
}

#[tokio::test]
async fn a_mail_server_that_is_down_leaves_the_email_queued_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_one_email(&dir).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mailer = Mailer::new(&SmtpSettings {
        url: format!("smtp://127.0.0.1:{closed}"),
        from: "convene@example.org".into(),
    })
    .unwrap();
    assert_eq!(mailer.deliver_pending(&store).await.unwrap(), 0);
    let outbox = store.outbox(None, 10).await.unwrap();
    assert!(outbox[0].sent_at.is_none());
    assert_eq!(outbox[0].attempts, 1);
    assert!(outbox[0].last_error.is_some());
}

#[test]
fn bad_settings_are_refused_before_anything_is_sent() {
    assert!(Mailer::new(&SmtpSettings {
        url: "not a url".into(),
        from: "a@b.org".into()
    })
    .is_err());
    assert!(Mailer::new(&SmtpSettings {
        url: "smtp://localhost".into(),
        from: "not an address".into()
    })
    .is_err());
}
