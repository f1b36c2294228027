//! The real Convene server on a free loopback port, for HTTP and browser tests.

use convene_store::Store;

/// A running server and its base URL.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestServer {
    /// Serves the store on 127.0.0.1 at a port the OS picks.
    pub async fn start(store: Store) -> TestServer {
        TestServer::start_with(store, |_| {}).await
    }

    /// Serves the store with the configuration adjusted by `configure` (for example to notice
    /// imports at once).
    pub async fn start_with(
        store: Store,
        configure: impl FnOnce(&mut convene_web::WebConfig),
    ) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let mut config = convene_web::WebConfig::new(&base);
        configure(&mut config);
        let task = tokio::spawn(convene_web::serve(store, config, listener));
        TestServer { base, task }
    }

    /// The full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The published data files beside the checkout (`../shared/data`), for tests that use the
/// real files. CI checks the project out with `shared` beside it.
pub fn shared_data(relative: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(relative)
}
