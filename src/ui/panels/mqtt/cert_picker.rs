//! The certificate file picker both TLS forms use (MQTT and HTTP): pick a file through the
//! injectable [`FilePicker`](crate::ui::files::FilePicker), then show what an installer needs to
//! decide whether it is the right file: name, size against the 2048-byte limit, PEM or not,
//! subject, issuer and expiry, and every problem with what to do about it. (A candidate for
//! `ui::widgets`.)

use crate::at::mqtt::CertInfo;
use crate::cert::details::{self, now_unix};
use crate::cert::{CertError, CertFile, MAX_CERT_BYTES};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::task::Task;
use crate::ui::widgets::error_text;
use crate::ui::widgets::form::{self, check_line};
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// File extensions offered by the dialog and kept in the recent list.
const EXTENSIONS: &[&str] = &["pem", "crt", "cer", "cert", "der", "txt"];

/// A picked certificate file, or the reason it could not be read.
#[derive(Default)]
pub struct CertPicker {
    pub file: Option<CertFile>,
    pub path: Option<PathBuf>,
    load_error: Option<CertError>,
    /// The file dialog, open on its own thread (the window keeps drawing meanwhile).
    dialog: Option<Task<Option<PathBuf>>>,
    /// The dialog's thread ended without an answer.
    dialog_failed: bool,
}

impl CertPicker {
    /// Load `path` (a small file the user picked: reading it on the UI thread is fine) and keep
    /// it in the recent files.
    pub fn load(&mut self, path: &Path, ctx: &mut PanelCtx<'_>) {
        self.set_file(path);
        ctx.settings.remember_file(&path.display().to_string());
    }

    /// Show `path` as if it had been picked (a profile names it). A file that cannot be read is
    /// shown as the picker's error.
    pub fn set_file(&mut self, path: &Path) {
        match CertFile::load(path) {
            Ok(f) => {
                self.file = Some(f);
                self.load_error = None;
            }
            Err(e) => {
                self.file = None;
                self.load_error = Some(e);
            }
        }
        self.path = Some(path.to_path_buf());
    }

    /// Forget the picked file (a dialog still open stays open; its answer is taken).
    pub fn clear(&mut self) {
        let dialog = self.dialog.take();
        *self = Self::default();
        self.dialog = dialog;
    }

    /// Whether the file dialog is open.
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// Whether a file is picked and has a problem (or could not be read).
    pub fn has_problem(&self) -> bool {
        self.load_error.is_some() || self.file.as_ref().is_some_and(|f| !f.is_ok())
    }

    /// The bytes to upload: the picked file's, if it has no problem.
    pub fn upload_bytes(&self) -> Option<&[u8]> {
        self.file
            .as_ref()
            .filter(|f| f.is_ok())
            .map(CertFile::bytes)
    }

    /// Draw the picker. `clear_name` is the accessible name of its "Clear" button, which says
    /// whose file it clears (two pickers can be on screen); `on_module` is the certificate the
    /// module reports, to say when the file is already there. Returns true when the picked file
    /// changed.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PanelCtx<'_>,
        clear_name: &str,
        on_module: Option<&CertInfo>,
    ) -> bool {
        let lang = ctx.lang;
        let mut changed = false;
        let mut pick: Option<PathBuf> = None;
        if let Some(answer) = self.dialog.as_ref().and_then(Task::poll) {
            self.dialog = None;
            match answer {
                Ok(p) => pick = p,
                Err(_) => self.dialog_failed = true,
            }
        }
        ui.horizontal(|ui| {
            ui.add_sized(
                [form::LABEL_WIDTH, 20.0],
                egui::Label::new(lang.tr("mqtt-cert-picker-certificate-file")),
            );
            let name = match (&self.file, &self.path) {
                (Some(f), _) => f.name.clone(),
                (None, Some(p)) => p.display().to_string(),
                (None, None) => lang.tr("mqtt-cert-picker-none-chosen").to_string(),
            };
            // The file name is plain text that names itself; no input to tie the label to.
            ui.label(RichText::new(name).monospace());
            if ui
                .add_enabled(
                    self.dialog.is_none(),
                    egui::Button::new(lang.tr("mqtt-cert-picker-choose-certificate-file")),
                )
                .clicked()
            {
                let title = lang.tr("mqtt-cert-picker-choose-the-ca-certificate");
                let filters: [(&str, &[&str]); 1] =
                    [(lang.tr("mqtt-cert-picker-certificates"), EXTENSIONS)];
                self.dialog_failed = false;
                let task = ctx.files.pick_file_task(ui.ctx(), title, &filters);
                // A picker that answers at once (no dialog) is taken in this frame.
                match task.poll() {
                    Some(Ok(p)) => pick = p,
                    Some(Err(_)) => self.dialog_failed = true,
                    None => self.dialog = Some(task),
                }
            }
            let recent = recent_certs(&ctx.settings.recent_files);
            if !recent.is_empty() {
                ui.menu_button(lang.tr("mqtt-cert-picker-recent"), |ui| {
                    for p in recent {
                        if ui.button(&p).clicked() {
                            pick = Some(PathBuf::from(p));
                            ui.close();
                        }
                    }
                });
            }
            if (self.file.is_some() || self.load_error.is_some())
                && ui
                    .button(lang.tr("mqtt-cert-picker-clear"))
                    .on_hover_text(lang.tr("mqtt-cert-picker-forget-the-chosen-file"))
                    .accessible_name(clear_name)
                    .clicked()
            {
                self.clear();
                changed = true;
            }
        });
        if self.dialog.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.tr("mqtt-cert-picker-the-file-dialog-is-open-choose-the"));
            });
        }
        if self.dialog_failed {
            error_text(
                ui,
                lang.tr("mqtt-cert-picker-the-file-dialog-could-not-be-shown"),
            );
        }
        if let Some(p) = pick {
            self.load(&p, ctx);
            changed = true;
        }
        if let Some(e) = &self.load_error {
            error_text(ui, &e.message(lang));
        }
        if let Some(f) = &self.file {
            file_card(ui, lang, f, on_module);
        }
        changed
    }
}

/// Name, size, format, subject, issuer, expiry and problems of a certificate file.
pub fn file_card(ui: &mut Ui, lang: Lang, f: &CertFile, on_module: Option<&CertInfo>) {
    ui.indent(("cert-card", &f.name), |ui| {
        let size_text = size_words(lang, f.size());
        check_line(ui, Some(f.fits()), &size_text);
        let pem_text = if f.is_pem {
            lang.tr("mqtt-cert-picker-valid-pem-text")
        } else {
            lang.tr("mqtt-cert-picker-not-pem-text")
        };
        check_line(ui, Some(f.is_pem), pem_text);
        if let Some(fp) = crate::cert::fingerprint::sha256_fingerprint(f.bytes()) {
            check_line(
                ui,
                None,
                &crate::tr!(lang, "mqtt-cert-picker-sha-256-fingerprint", fp = &fp),
            );
        }
        match f.certificates.first() {
            Some(c) => {
                check_line(
                    ui,
                    None,
                    &crate::tr!(lang, "mqtt-cert-picker-subject", subject = &c.subject),
                );
                if !c.self_signed() {
                    check_line(
                        ui,
                        None,
                        &crate::tr!(lang, "mqtt-cert-picker-issued-by", issuer = &c.issuer),
                    );
                }
                let v = c.validity_at(now_unix());
                let words = crate::tr!(lang, "mqtt-cert-picker-expiry", validity = &v.words(lang));
                if v.is_warning() {
                    form::warning(ui, &words);
                } else {
                    check_line(ui, Some(true), &words);
                }
                if f.certificate_count > 1 {
                    check_line(
                        ui,
                        None,
                        &crate::tr!(
                            lang,
                            "mqtt-cert-picker-certificates-in-this-file-a-chain",
                            n = &f.certificate_count
                        ),
                    );
                }
            }
            None if f.certificate_count > 0 => check_line(
                ui,
                None,
                lang.tr("mqtt-cert-picker-the-certificate-s-details-could-not"),
            ),
            None => {}
        }
        if let Some(m) = on_module
            && same_certificate(f, m)
        {
            check_line(
                ui,
                Some(true),
                lang.tr("mqtt-cert-picker-this-certificate-is-already-on-the"),
            );
        }
        for p in f.problems() {
            error_text(ui, &p.message(lang));
        }
    });
}

/// What the module reports about its stored certificate, in a line, with the certificate's
/// subject and expiry when its text can be read.
pub fn module_cert_words(lang: Lang, info: &CertInfo) -> String {
    if info.len == 0 {
        return lang
            .tr("mqtt-cert-picker-no-certificate-stored")
            .to_string();
    }
    let certificate = crate::tr!(
        lang,
        "mqtt-cert-picker-a-byte-certificate",
        info = &info.len
    );
    let parsed = CertFile::from_bytes("module", info.data.clone().into_bytes());
    let fingerprint = crate::cert::fingerprint::sha256_fingerprint(info.data.as_bytes())
        .map(|fp| format!("SHA-256 {}", crate::cert::fingerprint::short(&fp)));
    let mut about = Vec::new();
    if let Some(c) = parsed.certificates.first() {
        about.push(c.subject.clone());
        about.push(c.validity_at(details::now_unix()).words(lang));
    }
    about.extend(fingerprint);
    if about.is_empty() {
        return certificate;
    }
    crate::tr!(
        lang,
        "mqtt-cert-picker-certificate-and-details",
        certificate = &certificate,
        details = &about.join("; ")
    )
}

/// Whether the file's certificate is what the module reports (the query loses the exact line
/// endings, so compare line by line).
pub fn same_certificate(f: &CertFile, m: &CertInfo) -> bool {
    fn lines(s: &str) -> Vec<&str> {
        s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }
    let text = String::from_utf8_lossy(f.bytes());
    m.len == f.size() && !m.data.is_empty() && lines(&text) == lines(&m.data)
}

/// "713 bytes (within the 2048-byte limit)" / "2049 bytes (1 byte over the 2048-byte limit)".
pub fn size_words(lang: Lang, size: usize) -> String {
    let over = size.saturating_sub(MAX_CERT_BYTES);
    if over == 0 {
        crate::tr!(
            lang,
            "mqtt-cert-picker-size-within",
            size = &size,
            max = &MAX_CERT_BYTES
        )
    } else {
        crate::tr!(
            lang,
            "mqtt-cert-picker-size-over",
            size = &size,
            max = &MAX_CERT_BYTES,
            over = over
        )
    }
}

fn recent_certs(recent: &[String]) -> Vec<String> {
    recent
        .iter()
        .filter(|p| {
            Path::new(p)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .take(5)
        .cloned()
        .collect()
}
