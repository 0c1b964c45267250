//! The application's log lines, captured in memory at the most verbose level an operator could
//! choose, for tests that check what the logs give away. One subscriber for the whole test
//! binary (tracing has one global default): from the first `capture()` on, every test's lines
//! land here too, so a test looks only for strings of its own.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

pub struct Writer(Arc<Mutex<Vec<u8>>>);

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Writer;
    fn make_writer(&'a self) -> Writer {
        Writer(self.0.clone())
    }
}

static LOGS: OnceLock<Captured> = OnceLock::new();

/// Starts capturing (once per binary) at `trace` for everything but the network plumbing.
pub fn capture() -> &'static Captured {
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let filter = tracing_subscriber::EnvFilter::new(
            "trace,hyper=info,hyper_util=info,h2=info,reqwest=info,rustls=info,mio=info,want=info,tokio_util=info",
        );
        let subscriber =
            tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(captured.clone()).finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in the test binary");
        captured
    })
}
