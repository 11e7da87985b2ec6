//! The installation report: the health results it carries and writing it (HTML and JSON).

use super::*;

impl ProfilesPanel {
    /// The health results for the report: the check run here, else the apply job's live checks;
    /// the delivery proof run after apply is its proof step.
    pub(super) fn report_health(&self) -> Vec<StepResult> {
        let mut out = match &self.health {
            Some(h) if h.is_done() => h.results().to_vec(),
            _ => self
                .apply
                .as_ref()
                .map(|j| j.status().live.clone())
                .unwrap_or_default(),
        };
        if let Some(p) = &self.proof_report {
            out.retain(|r| r.step != HealthStep::Proof);
            out.push(health::judge_proof(Ok(p.clone())));
        }
        out
    }

    pub(super) fn save_report(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let Some(job) = &self.apply else { return };
        let imei = job
            .status()
            .identity
            .as_ref()
            .map(|i| i.imei.clone())
            .unwrap_or_default();
        let name = format!("installation-{imei}.html");
        let title = ctx.tr("profiles-save-the-installation-report");
        let dialog = ctx.files.save_file_task(egui, title, &name);
        self.ask(Dialog::Report, dialog, ctx, egui);
    }

    /// Write the report as it is when the user chose where (HTML, and JSON beside it).
    pub(super) fn report_to(
        &mut self,
        path: PathBuf,
        ctx: &mut PanelCtx<'_>,
        egui: &egui::Context,
    ) {
        let Some(job) = &self.apply else { return };
        let mut r = InstallReport::new(
            job.status(),
            &self.report_health(),
            ctx.lang,
            SystemTime::now(),
        );
        if let Some(p) = &self.proof_report {
            r = r.with_proof(p.clone());
        }
        let target = path.clone();
        let task = Task::spawn("profile-report", egui, move || {
            save_html(&r, &target)?;
            // The same report as JSON beside it (never over the HTML itself).
            let json = if target.extension().is_some_and(|e| e == "json") {
                target.with_extension("report.json")
            } else {
                target.with_extension("json")
            };
            crate::profile::report::save_json(&r, &json)
        });
        self.file = Some(FileJob::Report { path, task });
        self.notice = None;
    }
}
