//! The bundled national dataset, loaded for the tests that need the whole country.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::TestServer;
use convene_store::Store;

/// `db`'s store with the bundled national dataset loaded.
pub async fn national_store(db: &TestDatabase) -> Store {
    let store = db.store().await;
    store
        .load_dataset(&convene_dataset::bundled().unwrap(), &|_, _| {})
        .await
        .unwrap();
    store
}

/// The national dataset in a fresh SQLite database, served on a free port. Keep the database
/// for as long as the server is used.
pub async fn serve_national_on_sqlite() -> (TestDatabase, TestServer) {
    let db = TestDatabase::sqlite();
    let server = TestServer::start(national_store(&db).await).await;
    (db, server)
}
