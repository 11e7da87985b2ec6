//! Sleep mode as one choice: never, by command (`AT+SYSSLEEP`), or by the DTR pin
//! (`AT+CSCLK`). The two settings exclude each other and the module refuses to switch one on
//! while the other is on (manual §6.3), so the commands go in the order that always works.

use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::device::kit::{Confirm, ConfirmText, Synced, blocked, warning};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use crate::worker::Request;
use egui::{RichText, Ui};

const OWNER: &str = "power.sleep";

/// How the module goes to sleep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SleepMode {
    /// `SYSSLEEP=0`, `CSCLK=0`.
    Never,
    /// `SYSSLEEP=1`: sleeps when the serial port is idle.
    ByCommand,
    /// `CSCLK=1`: sleeps while DTR is low.
    ByDtr,
}

impl SleepMode {
    /// The mode the module's two values mean, if both are known and consistent.
    pub fn from_values(sys_sleep: Option<bool>, csclk: Option<bool>) -> Option<Self> {
        match (sys_sleep?, csclk?) {
            (false, false) => Some(SleepMode::Never),
            (true, false) => Some(SleepMode::ByCommand),
            (false, true) => Some(SleepMode::ByDtr),
            (true, true) => None,
        }
    }

    /// The commands that set this mode, in the order the manual requires, then the queries that
    /// read the result back. `csclk_on`: whether DTR control is on now (then it goes off first).
    pub fn commands(self, csclk_on: bool) -> Vec<Command> {
        use Command::{CsclkSet, SysSleepSet};
        let mut c = match self {
            // Switch off whichever is on first, so neither command meets the other still on.
            SleepMode::Never if csclk_on => vec![CsclkSet(false), SysSleepSet(false)],
            SleepMode::Never => vec![SysSleepSet(false), CsclkSet(false)],
            // "Set AT+CSCLK=0 first, otherwise setting fails" (§6.3.1).
            SleepMode::ByCommand => vec![CsclkSet(false), SysSleepSet(true)],
            // "Set AT+SYSSLEEP=0 first, otherwise setting fails" (§6.3.2).
            SleepMode::ByDtr => vec![SysSleepSet(false), CsclkSet(true)],
        };
        c.extend([Command::SysSleepQuery, Command::CsclkQuery]);
        c
    }
}

/// The sleep-mode form.
pub struct SleepForm {
    mode: Synced<SleepMode>,
    confirm_dtr: Confirm,
    /// The DTR level this app last set (`None`: left as the port opened it).
    dtr: Option<bool>,
}

impl Default for SleepForm {
    fn default() -> Self {
        Self {
            mode: Synced::new(SleepMode::Never),
            confirm_dtr: Confirm::default(),
            dtr: None,
        }
    }
}

fn flag(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "1",
        Some(false) => "0",
        None => "?",
    }
}

impl SleepForm {
    /// The sleep mode as a profile names it.
    pub fn profile_mode(&self) -> crate::profile::schema::SleepMode {
        use crate::profile::schema::SleepMode as P;
        match self.mode.form {
            SleepMode::Never => P::None,
            SleepMode::ByCommand => P::Command,
            SleepMode::ByDtr => P::Dtr,
        }
    }

    /// Load a profile's sleep mode (the form then differs from the module: edited).
    pub fn load_profile(&mut self, m: crate::profile::schema::SleepMode) {
        use crate::profile::schema::SleepMode as P;
        self.mode.form = match m {
            P::None => SleepMode::Never,
            P::Command => SleepMode::ByCommand,
            P::Dtr => SleepMode::ByDtr,
        };
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let (sys, csclk) = (ctx.module.sys_sleep, ctx.module.csclk);
        let current = SleepMode::from_values(sys, csclk);
        self.mode.sync(ctx.module.generation, ctx.jobs, current);
        section(ui, ctx.t("Sleep mode", "休眠模式"), |ui| {
            help(
                ui,
                ctx.t(
                    "Sleep lowers the module's power use between transfers. Choose one way:",
                    "休眠可降低模块在空闲时的功耗。请选择一种方式：",
                ),
            );
            let now = match (sys, csclk) {
                (None, None) => None,
                _ => {
                    let words = match current {
                        Some(m) => mode_words(ctx, m),
                        None if sys.is_some() && csclk.is_some() => {
                            ctx.t("both on (unexpected)", "两者均开启（异常）")
                        }
                        None => ctx.t("partly read", "部分已读取"),
                    };
                    Some(format!(
                        "{words}{}SYSSLEEP={}, CSCLK={}{}",
                        ctx.t(" (", "（"),
                        flag(sys),
                        flag(csclk),
                        ctx.t(")", "）"),
                    ))
                }
            };
            current_value(ui, lang, now.as_deref());
            ui.add_space(4.0);

            let choices = [
                (
                    SleepMode::Never,
                    ctx.t(
                        "The module stays awake all the time. Uses the most power; always answers at once.",
                        "模块始终保持唤醒。功耗最高，随时立即响应。",
                    ),
                ),
                (
                    SleepMode::ByCommand,
                    ctx.t(
                        "The module sleeps whenever its serial port is quiet and wakes as soon as data arrives on it. \
                         The first bytes after a pause may only wake it: this app sends a wake-up AT first.",
                        "串口空闲时模块进入休眠，串口有数据时唤醒，使用结束后重新进入休眠。暂停后的首批数据可能只用于唤醒：本软件会先发送一条 AT 唤醒模块。",
                    ),
                ),
                (
                    SleepMode::ByDtr,
                    ctx.t(
                        "Your controller decides through the module's DTR pin: DTR low = sleep, DTR high = awake.",
                        "由主控通过模块的 DTR 引脚控制：DTR 为低电平时休眠，为高电平时唤醒。",
                    ),
                ),
            ];
            for (mode, explain) in choices {
                ui.radio_value(&mut self.mode.form, mode, mode_words(ctx, mode));
                ui.indent(("sleep.explain", mode_words(ctx, mode)), |ui| {
                    help(ui, explain)
                });
            }
            self.mode
                .edited_note(ui, lang, ctx.t("sleep mode", "休眠模式"));
            if self.mode.form == SleepMode::ByDtr {
                warning(
                    ui,
                    ctx.t(
                        "Many USB serial adapters switch DTR on when the port opens, and many USB-to-TTL adapters output a low level then: \
                         if DTR is wired to the module, it may fall asleep and stop answering this app. Below you can switch this port's DTR to test.",
                        "许多 USB 串口适配器在打开串口时开启 DTR，而多数 USB 转 TTL 适配器此时输出低电平：若 DTR 接到模块，模块可能随即休眠，不再响应本软件。可在下方切换本串口的 DTR 进行测试。",
                    ),
                );
            }

            let cmds = self.mode.form.commands(csclk == Some(true));
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            let why = blocked(ctx, OWNER, true);
            if apply_button(ui, lang, ctx.t("Apply sleep mode", "应用休眠模式"), why) {
                if self.mode.form == SleepMode::ByDtr {
                    self.confirm_dtr.ask();
                } else {
                    let id = ctx.jobs.run(OWNER, cmds.clone());
                    self.mode.applied(id);
                }
            }
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));

            let text = ConfirmText {
                title: ctx.t("Let the DTR pin control sleep?", "由 DTR 引脚控制休眠？"),
                body: &[
                    ctx.t(
                        "The module will sleep whenever its DTR pin is low, and will not answer commands while asleep.",
                        "模块将在 DTR 引脚为低电平时休眠，休眠期间不响应指令。",
                    ),
                    ctx.t(
                        "If it stops answering: bring DTR high (try \"DTR on\" and \"DTR off\" below, or disconnect the wire), \
                         then choose \"Never sleep\" and apply.",
                        "若模块不再响应：将 DTR 置为高电平（可尝试下方的“DTR 开”和“DTR 关”，或断开该线），然后选择“不休眠”并应用。",
                    ),
                ],
                confirm: ctx.t("Use DTR control", "启用 DTR 控制"),
            };
            if self.confirm_dtr.show(ui, lang, OWNER, &text) {
                let id = ctx.jobs.run(OWNER, cmds);
                self.mode.applied(id);
            }

            if self.mode.form == SleepMode::ByDtr || csclk == Some(true) {
                self.dtr_test(ui, ctx);
            }
        });
    }

    /// Drive this adapter's DTR line, to try DTR-controlled sleep from the desk.
    fn dtr_test(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        egui::CollapsingHeader::new(ctx.t(
            "Test with this adapter's DTR line",
            "用本适配器的 DTR 线测试",
        ))
        .id_salt("power.dtr")
        .show(ui, |ui| {
            help(
                ui,
                ctx.t(
                    "Switch this port's DTR signal and check whether the module still answers (\"Read from module\" on the Device page). \
                     Whether \"on\" is a high or a low level at the module's pin depends on the adapter: many USB-to-TTL adapters output a low level. \
                     This only works if the adapter's DTR pin is wired to the module's DTR pin.",
                    "切换本串口的 DTR 信号，然后检查模块是否仍有响应（“设备”页的“从模块读取”）。“开”在模块引脚上是高电平还是低电平取决于适配器：多数 USB 转 TTL 适配器输出低电平。仅当适配器的 DTR 引脚接到模块的 DTR 引脚时有效。",
                ),
            );
            ui.horizontal(|ui| {
                let enabled = ctx.connected();
                if ui
                    .add_enabled(enabled, egui::Button::new(ctx.t("DTR on", "DTR 开")))
                    .clicked()
                {
                    ctx.jobs.outbox.push(Request::SetDtr(true));
                    self.dtr = Some(true);
                }
                if ui
                    .add_enabled(enabled, egui::Button::new(ctx.t("DTR off", "DTR 关")))
                    .clicked()
                {
                    ctx.jobs.outbox.push(Request::SetDtr(false));
                    self.dtr = Some(false);
                }
                let state = match self.dtr {
                    None => ctx.t("not changed by this app", "本软件未改动"),
                    Some(true) => ctx.t("switched on by this app", "已由本软件开启"),
                    Some(false) => ctx.t("switched off by this app", "已由本软件关闭"),
                };
                ui.label(RichText::new(state).weak());
            });
        });
    }
}

fn mode_words(ctx: &PanelCtx<'_>, m: SleepMode) -> &'static str {
    match m {
        SleepMode::Never => ctx.t("Never sleep", "不休眠"),
        SleepMode::ByCommand => ctx.t(
            "Sleep when idle (command-controlled, SYSSLEEP)",
            "空闲时休眠（指令控制休眠，SYSSLEEP）",
        ),
        SleepMode::ByDtr => ctx.t(
            "Sleep by DTR pin (hardware-controlled, CSCLK)",
            "由 DTR 引脚控制（硬件控制休眠，CSCLK）",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(m: SleepMode, csclk_on: bool) -> Vec<String> {
        m.commands(csclk_on).iter().map(Command::line).collect()
    }

    #[test]
    fn order_follows_the_manual() {
        assert_eq!(
            lines(SleepMode::ByCommand, false)[..2],
            ["AT+CSCLK=0", "AT+SYSSLEEP=1"]
        );
        assert_eq!(
            lines(SleepMode::ByDtr, false)[..2],
            ["AT+SYSSLEEP=0", "AT+CSCLK=1"]
        );
        assert_eq!(
            lines(SleepMode::Never, false)[..2],
            ["AT+SYSSLEEP=0", "AT+CSCLK=0"]
        );
        assert_eq!(
            lines(SleepMode::Never, true)[..2],
            ["AT+CSCLK=0", "AT+SYSSLEEP=0"]
        );
        assert_eq!(
            lines(SleepMode::Never, false)[2..],
            ["AT+SYSSLEEP?", "AT+CSCLK?"]
        );
    }

    #[test]
    fn values_map_to_modes() {
        assert_eq!(
            SleepMode::from_values(Some(false), Some(false)),
            Some(SleepMode::Never)
        );
        assert_eq!(
            SleepMode::from_values(Some(true), Some(false)),
            Some(SleepMode::ByCommand)
        );
        assert_eq!(
            SleepMode::from_values(Some(false), Some(true)),
            Some(SleepMode::ByDtr)
        );
        assert_eq!(SleepMode::from_values(None, Some(true)), None);
    }
}
