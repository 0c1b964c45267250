//! A request written by hand on a new connection (what no well-behaved client would send: a
//! body announced and never sent, headers cut off), and what came back.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub async fn send(addr: &str, bytes: &[u8]) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(bytes).await.unwrap();
    s
}

/// What the server answers within `limit`: everything up to the end of the connection or
/// the first pause after the headers (`None` for nothing at all).
pub async fn answer(s: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let wait = if buf.windows(4).any(|w| w == b"\r\n\r\n") { Duration::from_millis(300) } else { limit };
        let until = (tokio::time::Instant::now() + wait).min(deadline);
        match tokio::time::timeout_at(until, s.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    (!buf.is_empty()).then(|| String::from_utf8_lossy(&buf).into_owned())
}

/// The status code of an answer.
pub fn status(answer: &str) -> u16 {
    answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Sends `head`, then `body_len` bytes of body as fast as the server takes them, and returns
/// the answer's head (`while_writing`).
pub async fn post_body(addr: &str, head: &str, body_len: usize) -> String {
    let mut s = send(addr, head.as_bytes()).await;
    let (mut reader, mut writer) = s.split();
    let write = async move {
        let chunk = vec![b'a'; 64 * 1024]; // on the heap: a test's future is large enough
        let mut left = body_len;
        while left > 0 {
            let n = left.min(chunk.len());
            if writer.write_all(&chunk[..n]).await.is_err() {
                break; // the server closed the connection
            }
            left -= n;
        }
    };
    while_writing(&mut reader, write).await
}

/// Reads the answer's head while `write` feeds the request's body (until it is done, or the
/// server closes), for 30 s at most: a server that refuses early stops reading and may close,
/// and its answer is kept.
pub async fn while_writing(
    reader: &mut tokio::net::tcp::ReadHalf<'_>,
    write: impl std::future::Future<Output = ()>,
) -> String {
    let read = async {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            match tokio::time::timeout(Duration::from_secs(30), reader.read(&mut chunk)).await {
                Ok(Ok(n)) if n > 0 => buf.extend_from_slice(&chunk[..n]),
                _ => break,
            }
        }
        String::from_utf8_lossy(&buf).into_owned()
    };
    let ((), answer) = tokio::join!(
        async {
            tokio::select! {
                () = write => {},
                () = tokio::time::sleep(Duration::from_secs(30)) => {},
            }
        },
        read
    );
    answer
}
