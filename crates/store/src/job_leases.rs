//! Leases for background jobs: every `convene serve` process runs each job every minute,
//! and the one holding the job's lease row does the work. One lease rule for every job.

use crate::{Store, StoreError};

impl Store {
    /// Takes `job`'s lease for `holder` until `lease_until` (UTC ISO text) if it is free,
    /// has expired by `now`, or is already `holder`'s; whether it was taken.
    pub(crate) async fn take_job_lease(
        &self,
        job: &str,
        holder: &str,
        now: &str,
        lease_until: &str,
    ) -> Result<bool, StoreError> {
        let taken = sqlx::query(
            "UPDATE job_leases SET holder = $1, expires_at = $2
             WHERE job = $3 AND (expires_at < $4 OR holder = $1)",
        )
        .bind(holder.to_string())
        .bind(lease_until.to_string())
        .bind(job.to_string())
        .bind(now.to_string())
        .execute(self.pool())
        .await?;
        Ok(taken.rows_affected() > 0)
    }
}
