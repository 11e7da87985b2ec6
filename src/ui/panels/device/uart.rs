//! The module's UART settings (`AT+IPR`). The module restarts at the new settings; the worker
//! reopens the port at them and reports the new baud rate, which the top bar follows.

use super::kit::{Confirm, ConfirmText, Synced, blocked, combo, warning};
use crate::at::Command;
use crate::at::basic::{BAUD_RATES, Parity, StopBits, UartConfig};
use crate::at::{Checked, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{apply_button, current_value, error_text, help, preview, section};
use egui::Ui;

const OWNER: &str = "device.uart";

/// The UART settings form.
pub struct UartForm {
    values: Synced<UartConfig>,
    confirm: Confirm,
}

impl Default for UartForm {
    fn default() -> Self {
        Self {
            values: Synced::new(UartConfig::default()),
            confirm: Confirm::default(),
        }
    }
}

/// "115200 baud, 8 data bits, no parity, 1 stop bit".
pub fn describe(c: &UartConfig, lang: Lang) -> String {
    format!(
        "{} {}, {} {}, {}, {} {}",
        c.baud,
        lang.pick("baud", "波特率"),
        c.data_bits,
        lang.pick("data bits", "位数据位"),
        parity_words(c.parity, lang),
        c.stop_bits.as_str(),
        lang.pick("stop bits", "位停止位"),
    ) + &c
        .stop_bits
        .ambiguity(lang)
        .map(|n| format!(" ({n})"))
        .unwrap_or_default()
}

fn parity_words(p: Parity, lang: Lang) -> &'static str {
    match p {
        Parity::None => lang.pick("no parity", "无校验"),
        Parity::Odd => lang.pick("odd parity", "奇校验"),
        Parity::Even => lang.pick("even parity", "偶校验"),
    }
}

impl UartForm {
    /// The settings in the form.
    pub fn value(&self) -> UartConfig {
        self.values.form
    }

    /// Load a profile's UART settings.
    pub fn load_profile(&mut self, s: &crate::profile::schema::SerialSection) {
        self.values.form = s.uart();
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.values
            .sync(ctx.module.generation, ctx.jobs, ctx.module.uart);
        let lang = ctx.lang;
        section(
            ui,
            ctx.t("Serial port (UART) settings", "串口参数（UART）"),
            |ui| {
                help(
                ui,
                ctx.t(
                    "How the module's serial port talks: speed (baud rate), data bits, parity and stop bits. \
                     Your controller must use the same settings.",
                    "模块串口的通信参数：波特率、数据位、校验位和停止位。接在此串口上的主控必须使用相同的参数。",
                ),
            );
                let now = ctx.module.uart.map(|c| describe(&c, lang));
                current_value(ui, lang, now.as_deref());

                let bauds: Vec<(u32, String)> =
                    BAUD_RATES.iter().map(|b| (*b, b.to_string())).collect();
                let baud_opts: Vec<(u32, &str)> =
                    bauds.iter().map(|(b, s)| (*b, s.as_str())).collect();
                let f = &mut self.values.form;
                combo(
                    ui,
                    ctx.t("Module baud rate", "模块波特率"),
                    "uart.baud",
                    &mut f.baud,
                    &baud_opts,
                );
                combo(
                    ui,
                    ctx.t("Data bits", "数据位"),
                    "uart.data",
                    &mut f.data_bits,
                    &[(8, ctx.t("8 bits", "8 位")), (7, ctx.t("7 bits", "7 位"))],
                );
                combo(
                    ui,
                    ctx.t("Parity", "校验位"),
                    "uart.parity",
                    &mut f.parity,
                    &[
                        (Parity::None, ctx.t("None", "无校验")),
                        (Parity::Odd, ctx.t("Odd", "奇校验")),
                        (Parity::Even, ctx.t("Even", "偶校验")),
                    ],
                );
                combo(
                    ui,
                    ctx.t("Stop bits", "停止位"),
                    "uart.stop",
                    &mut f.stop_bits,
                    &[
                        (StopBits::One, "1"),
                        (StopBits::OnePointFive, "1.5"),
                        (StopBits::Two, "2"),
                    ],
                );
                let problems = f.problems();
                for p in &problems {
                    error_text(ui, &p.message(lang));
                }
                if f.stop_bits == StopBits::OnePointFive {
                    warning(
                    ui,
                    ctx.t(
                        "Serial adapters cannot do 1.5 stop bits: this app will talk to the module with 1 stop bit, \
                         which usually works. Check that your controller supports 1.5.",
                        "串口适配器不支持 1.5 位停止位：本软件将以 1 位停止位与模块通信，通常可以正常工作。请确认您的主控支持 1.5 位停止位。",
                    ),
                );
                }
                if f.data_bits == 7 {
                    warning(
                    ui,
                    ctx.t(
                        "With 7 data bits only plain ASCII text passes: Chinese text and binary data will be damaged.",
                        "使用 7 位数据位时只能传输纯 ASCII 文本：中文、二进制数据等会被破坏。",
                    ),
                );
                }
                warning(
                ui,
                ctx.t(
                    "Applying restarts the module at the new settings. The app then reopens the port at them by itself \
                     and the baud rate in the top bar follows. If the app loses the module, choose Auto-detect in the top bar and connect again.",
                    "应用后模块将以新参数重启。本软件会自动以新参数重新打开串口，顶栏的波特率随之更新。若无法再与模块通信，请在顶栏选择“自动检测”后重新连接。",
                ),
            );
                self.values
                    .edited_note(ui, lang, ctx.t("UART settings", "串口参数"));

                let f = self.values.form;
                let cmds = Checked::new(f)
                    .ok()
                    .map(|c| vec![Command::UartSet(c), Command::UartQuery]);
                let lines: Vec<String> = cmds.iter().flatten().map(Command::display_line).collect();
                let why = blocked(ctx, OWNER, cmds.is_some());
                if apply_button(
                    ui,
                    lang,
                    ctx.t("Apply UART settings…", "应用串口参数…"),
                    why,
                ) {
                    self.confirm.ask();
                }
                preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));

                let new = describe(&f, lang);
                let line2 = format!("{} {new}", ctx.t("New settings:", "新参数："));
                let text = ConfirmText {
                title: ctx.t("Change the serial port settings?", "修改串口参数？"),
                body: &[
                    &line2,
                    ctx.t(
                        "The module restarts. This app reopens the port at the new settings and checks that the module answers.",
                        "模块将重启。本软件会以新参数重新打开串口，并检查模块是否应答。",
                    ),
                    ctx.t(
                        "Any other device on this serial port must be switched to the same settings.",
                        "接在此串口上的其他设备也必须改用相同的参数。",
                    ),
                ],
                confirm: ctx.t("Apply and restart", "应用并重启"),
            };
                if self.confirm.show(ui, lang, OWNER, &text)
                    && let Some(cmds) = cmds
                {
                    let id = ctx.jobs.run(OWNER, cmds);
                    self.values.applied(id);
                }
            },
        );
    }
}
