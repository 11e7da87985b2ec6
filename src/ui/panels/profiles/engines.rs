//! Starting the engines the panel drives: apply, read back, the health check and the
//! delivery proof.

use super::*;

impl ProfilesPanel {
    /// Start the delivery proof once apply (and verify) finished: with the profile's broker,
    /// credentials and CA file, the module's IMEI as read by the job.
    pub(super) fn start_proof(&mut self, egui: &egui::Context) {
        self.prove_pending = false;
        let Some(job) = &self.apply else { return };
        let st = job.status();
        if st.state != JobState::Done {
            return;
        }
        let Some(l) = self.editor.loaded() else {
            return;
        };
        let Some(m) = &l.profile.mqtt else { return };
        let imei = st
            .identity
            .as_ref()
            .map(|i| i.imei.clone())
            .unwrap_or_else(|| "unknown".into());
        let s = crate::proof::settings_from_profile(
            m,
            &l.certs,
            &imei,
            None,
            None,
            crate::ui::panels::mqtt::proof::STEP_TIMEOUT,
        );
        self.proof = crate::ui::panels::mqtt::proof_link::start(s, egui);
    }

    pub(super) fn start_read(&mut self, ctx: &mut PanelCtx<'_>) {
        let job = ReadJob::new();
        ctx.jobs.outbox.extend(job.start());
        self.read = Some(job);
        self.notice = None;
    }

    pub(super) fn start_apply(&mut self, ctx: &mut PanelCtx<'_>) {
        let Some(l) = self.editor.loaded() else {
            return;
        };
        let opts = ApplyOptions {
            verify: self.verify,
            live_checks: self.verify && self.live,
            ..ApplyOptions::default()
        };
        let prove = self.prove && l.profile.mqtt.is_some();
        let mut job = ApplyJob::new(l.profile.clone(), l.certs.clone(), opts);
        ctx.jobs.outbox.extend(job.start(Instant::now()));
        self.apply = Some(job);
        self.health = None;
        self.proof_report = None;
        self.prove_pending = prove;
    }

    pub(super) fn start_health(&mut self, ctx: &mut PanelCtx<'_>) {
        let opts = self
            .editor
            .loaded()
            .map(|l| HealthOptions::from_profile(&l.profile))
            .unwrap_or_default();
        let mut hc = HealthCheck::new(opts);
        ctx.jobs.outbox.extend(hc.start());
        self.health = Some(hc);
    }
}
