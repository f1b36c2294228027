//! Loading the bundled national dataset into an empty database in one transaction.

use crate::columns::{
    establishment_link_values, group_link_values, group_values, pick, school_values,
    ESTABLISHMENT_LINK_COLUMNS, GROUP_COLUMNS, GROUP_LINK_COLUMNS, SCHOOL_COLUMNS,
};
use crate::import_apply::{record_import, refresh_derived, Progress};
use crate::value::{insert_rows, Value};
use crate::{Store, StoreError};
use convene_domain::dataset::NationalDataset;
use convene_domain::import::ImportCounts;

/// What a dataset load put in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadReport {
    /// Schools loaded.
    pub schools: u64,
    /// Groups (trusts and others) loaded.
    pub groups: u64,
    /// Memberships loaded.
    pub group_links: u64,
    /// Local authorities loaded.
    pub local_authorities: u64,
}

impl Store {
    /// Loads the dataset into an empty database. All or nothing: on error nothing is kept.
    pub async fn load_dataset(
        &self,
        dataset: &NationalDataset,
        progress: Progress<'_>,
    ) -> Result<LoadReport, StoreError> {
        let total =
            (dataset.schools.len() + dataset.groups.len() + dataset.group_links.len()) as u64;
        let mut tx = self.pool().begin().await?;
        let las: Vec<Vec<Value>> = dataset
            .local_authorities
            .iter()
            .map(|la| {
                vec![
                    Value::Int(Some(la.code)),
                    Value::Text(la.gss_code.clone()),
                    Value::Text(Some(la.name.clone())),
                    Value::Text(la.region.map(|r| r.slug().into())),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "local_authorities",
            &["code", "gss_code", "name", "region"],
            &las,
        )
        .await?;

        let group_columns: Vec<&str> = GROUP_COLUMNS.iter().map(|(c, _)| *c).collect();
        let groups: Vec<Vec<Value>> = dataset
            .groups
            .iter()
            .map(|g| {
                let mut row = vec![Value::Int(Some(g.uid.0))];
                row.extend(pick(&group_values(g), &group_columns));
                row
            })
            .collect();
        insert_rows(&mut tx, "groups", &with_key("uid", &group_columns), &groups).await?;
        progress(groups.len() as u64, total);

        let school_columns: Vec<&str> = SCHOOL_COLUMNS.iter().map(|(c, _)| *c).collect();
        let all_school_columns = with_key("urn", &school_columns);
        let mut done = groups.len() as u64;
        for chunk in dataset.schools.chunks(2000) {
            let rows: Vec<Vec<Value>> = chunk
                .iter()
                .map(|s| {
                    let mut row = vec![Value::Int(Some(s.urn.0))];
                    row.extend(pick(&school_values(s), &school_columns));
                    row
                })
                .collect();
            insert_rows(&mut tx, "schools", &all_school_columns, &rows).await?;
            done += chunk.len() as u64;
            progress(done, total);
        }

        let links: Vec<Vec<Value>> = dataset.group_links.iter().map(group_link_values).collect();
        insert_rows(&mut tx, "group_links", GROUP_LINK_COLUMNS, &links).await?;
        let establishment_links: Vec<Vec<Value>> = dataset
            .establishment_links
            .iter()
            .map(establishment_link_values)
            .collect();
        insert_rows(
            &mut tx,
            "establishment_links",
            ESTABLISHMENT_LINK_COLUMNS,
            &establishment_links,
        )
        .await?;
        crate::outcomes::load_series(&mut tx, &dataset.outcomes).await?;
        refresh_derived(&mut tx).await?;
        for source in &dataset.sources {
            record_import(&mut tx, source, &ImportCounts::default(), &[], true).await?;
        }
        tx.commit().await?;
        progress(total, total);
        Ok(LoadReport {
            schools: dataset.schools.len() as u64,
            groups: dataset.groups.len() as u64,
            group_links: dataset.group_links.len() as u64,
            local_authorities: dataset.local_authorities.len() as u64,
        })
    }
}

fn with_key<'a>(key: &'a str, columns: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![key];
    all.extend(columns.iter().copied());
    all
}
