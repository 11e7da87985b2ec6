//! TLS: MQTT or MQTTS, server verification, and the CA certificate (`AT+MQTTCERTIFI`), uploaded
//! byte for byte at the module's `>` prompt.

use super::cert_picker::{self, CertPicker};
use crate::at::mqtt::MqttCert;
use crate::at::{Checked, Command, Validate, ValidationError};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{self, FormSync};
use crate::ui::widgets::{self, current_value, error_text};
use egui::Ui;

pub const OWNER: &str = "mqtt.cert";

/// The TLS form.
#[derive(Default)]
pub struct TlsForm {
    pub tls: bool,
    pub verify: bool,
    pub picker: CertPicker,
    pub(crate) sync: FormSync,
}

impl TlsForm {
    /// The settings as chosen (the certificate only if the picked file has no problem).
    pub fn value(&self) -> MqttCert {
        MqttCert {
            tls: self.tls,
            verify: self.verify,
            data: self.picker.upload_bytes().unwrap_or_default().to_vec(),
        }
    }

    /// The certificate file for a profile's `ca_cert` (absolute): a profile's certificate means
    /// MQTTS with server verification, so only then is it carried.
    pub fn profile_cert(&self) -> Option<String> {
        let path = self
            .picker
            .path
            .as_deref()
            .filter(|_| self.tls && self.verify)?;
        Some(crate::profile::paths::absolute(path).display().to_string())
    }

    /// The profile's `tls` key: set for TLS without a server check only. With a check, the
    /// certificate file (`ca_cert`) says it; plain MQTT, the form's default, writes no key, so
    /// a profile saved from untouched forms leaves each module's TLS setting as it is.
    pub fn profile_tls(&self) -> Option<bool> {
        (self.tls && !self.verify).then_some(true)
    }

    /// Load a profile's `tls` key (no certificate): TLS without a server check, or plain MQTT.
    pub fn load_profile_mode(&mut self, tls: bool) {
        self.tls = tls;
        self.verify = false;
        self.picker.clear();
        self.sync.edited = true;
    }

    /// Load a profile's certificate (`ca_cert`, already resolved against the profile's folder):
    /// MQTTS, verification on, the file in the picker (marked as edited).
    pub fn load_profile(&mut self, path: &std::path::Path) {
        self.tls = true;
        self.verify = true;
        self.picker.set_file(path);
        self.sync.edited = true;
    }

    /// What is wrong, in words (the file's own problems are shown on its card).
    pub fn problems(&self) -> Vec<ValidationError> {
        if self.picker.has_problem() {
            return Vec::new();
        }
        self.value().problems()
    }

    /// Whether something here should be sent by "apply all": a file was picked or a choice
    /// changed.
    pub fn wants_apply(&self) -> bool {
        self.picker.file.is_some() || self.sync.edited
    }

    /// The command to send, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        if self.picker.has_problem() {
            return None;
        }
        Checked::new(self.value())
            .ok()
            .map(Command::MqttCertSet)
            .map(zero_length_as_raw)
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let module = ctx.module.mqtt_cert.clone();
        if self
            .sync
            .should_load(ctx.module.generation, ctx.jobs.latest(OWNER))
            && let Some(c) = &module
        {
            self.tls = c.tls.unwrap_or(false);
            self.verify = c.verify;
        }
        widgets::help(ui, ctx.tr("mqtt-tls-for-a-broker-on-tls-usually-port-8883"));
        let r = ui.checkbox(&mut self.tls, ctx.tr("mqtt-tls-use-tls-mqtts"));
        self.sync.touched(&r);
        let r = ui.checkbox(
            &mut self.verify,
            ctx.tr("mqtt-tls-verify-the-server-s-certificate-one"),
        );
        self.sync.touched(&r);
        if !self.verify && self.tls {
            form::warning(ui, ctx.tr("mqtt-tls-without-verification-the-connection"));
        }
        if self.picker.ui(
            ui,
            ctx,
            lang.tr("mqtt-tls-clear-the-mqtt-certificate-file"),
            module.as_ref(),
        ) {
            self.sync.edited = true;
        }
        for e in self.problems() {
            error_text(ui, &crate::ui::widgets::field_error(&e, lang));
        }
        let on_module = module.as_ref().map(|c| {
            let check = if c.verify {
                lang.tr("mqtt-tls-one-way-authentication")
            } else {
                lang.tr("mqtt-tls-no-certificate-check")
            };
            let scheme = if c.tls == Some(true) { "MQTTS" } else { "MQTT" };
            let cert = cert_picker::module_cert_words(lang, c);
            crate::profile::text::list(lang, &[scheme, check, cert.as_str()])
        });
        current_value(ui, lang, on_module.as_deref());
        if self.sync.undo_note(
            ui,
            lang,
            lang.tr("mqtt-tls-undo-changes-to-the-tls-settings"),
        ) {
            self.picker.clear();
        }
        let command = self.command();
        let blocked = form::blocked(ctx, OWNER, command.is_some());
        let lines =
            widgets::preview::command_lines(lang, command.iter().chain([&Command::MqttCertQuery]));
        let label = if self.picker.file.is_some() {
            lang.tr("mqtt-tls-upload-certificate")
        } else {
            lang.tr("mqtt-tls-apply-tls-settings")
        };
        let cancel = lang.tr("mqtt-tls-cancel-upload");
        if form::apply_row(ui, ctx, OWNER, &lines, cancel, label, blocked)
            && let Some(c) = command
        {
            ctx.jobs.run(OWNER, vec![c, Command::MqttCertQuery]);
            self.sync.applied();
        }
    }
}

/// `AT+MQTTCERTIFI=<mode>,<verify>,0` (TLS settings without a certificate): the simulated
/// module answers `OK` with no `>` prompt, which a prompted command would wait for until it
/// times out. Sent as an expert line, it ends on `OK` or on a prompt, whichever comes. The line
/// is the same.
fn zero_length_as_raw(c: Command) -> Command {
    match c.payload() {
        Some([]) => Command::raw(&c.line()).unwrap_or(c),
        _ => c,
    }
}
