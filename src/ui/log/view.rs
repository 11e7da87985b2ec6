//! The log panel's UI: a toolbar (count, memory, follow, clear, copy, save, redact), a filter and
//! search row, and the rows. Only the rows in view are read and laid out, so the cost of a frame
//! does not depend on how many lines the log holds.

use super::note::Note;
use super::save::{self, SaveRequest, SaveResult};
use super::store::{Dir, Filter, Flags, Line, Tag};
use super::text;
use super::{LogPanel, MAX_COPY, Status};
use crate::i18n::{Arg, Lang};
use crate::tr;
use crate::ui::files::FilePicker;
use egui::text::{ByteIndex, LayoutJob, TextFormat};
use egui::{Color32, FontId, Id, Key, RichText, ScrollArea, Sense, TextStyle, Ui, Vec2};
use std::time::Duration;

/// How long a frame may spend searching (the rest continues next frame).
const SEARCH_SLICE: Duration = Duration::from_millis(6);
/// Vertical gap between rows; whole points, so row positions stay exact far down the log.
const ROW_GAP: f32 = 2.0;

/// Colours for one frame.
struct Palette {
    tx: Color32,
    rx: Color32,
    urc: Color32,
    error: Color32,
    prompt: Color32,
    text: Color32,
    weak: Color32,
    found: Color32,
    current: Color32,
    selected: Color32,
}

impl Palette {
    fn new(ui: &Ui) -> Palette {
        let v = ui.visuals();
        let dark = v.dark_mode;
        let pick = |d: (u8, u8, u8), l: (u8, u8, u8)| {
            let (r, g, b) = if dark { d } else { l };
            Color32::from_rgb(r, g, b)
        };
        Palette {
            tx: pick((110, 170, 255), (0, 85, 190)),
            rx: pick((120, 205, 120), (0, 120, 40)),
            urc: pick((240, 165, 60), (175, 90, 0)),
            error: v.error_fg_color,
            prompt: pick((225, 205, 90), (140, 110, 0)),
            text: v.text_color(),
            weak: v.weak_text_color(),
            found: pick((110, 90, 20), (255, 230, 120)),
            current: pick((60, 60, 20), (255, 245, 200)),
            selected: v.selection.bg_fill.gamma_multiply(0.45),
        }
    }
}

impl LogPanel {
    /// Draw the panel.
    pub fn ui(&mut self, ui: &mut Ui, lang: Lang, files: &dyn FilePicker) {
        self.poll_save(ui.ctx(), lang);
        let needle = text::needle(&self.query, self.hex);
        self.search.set(&self.store, needle, self.filter);
        if !self.search.advance(&mut self.store, SEARCH_SLICE) {
            ui.ctx().request_repaint();
        }
        if ui.input_mut(|i| {
            i.consume_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND,
                Key::F,
            ))
        }) {
            self.focus_search = true;
        }

        self.toolbar(ui, lang, files);
        self.filter_row(ui, lang);
        ui.separator();
        self.rows(ui, lang);
        self.clear_modal(ui, lang);
    }

    fn poll_save(&mut self, ctx: &egui::Context, lang: Lang) {
        if let Some(dialog) = &self.save_dialog {
            match dialog.poll() {
                Some(Ok(Some(path))) => {
                    self.save_dialog = None;
                    self.save_to(ctx, lang, path);
                }
                Some(Ok(None)) | Some(Err(_)) => self.save_dialog = None,
                None => {}
            }
        }
        let Some(job) = &self.save else { return };
        match job.poll() {
            Some(r) => {
                self.status = Some(Status::Save(r));
                self.save = None;
            }
            // Only while a save runs: redraw its progress a few times a second.
            None => ctx.request_repaint_after(Duration::from_millis(150)),
        }
    }

    fn toolbar(&mut self, ui: &mut Ui, lang: Lang, files: &dyn FilePicker) {
        ui.horizontal_wrapped(|ui| {
            let n = Arg::Count(self.store.len() as u64);
            let usage = self.store.usage();
            let memory = text::size(usage.memory as u64);
            let mem = if usage.disk > 0 {
                let disk = text::size(usage.disk);
                tr!(
                    lang,
                    "log-view-in-memory-and-a-temporary-file",
                    memory = &memory,
                    disk = &disk
                )
            } else {
                tr!(lang, "log-view-in-memory", size = &memory)
            };
            let zone = self
                .clock
                .civil(super::store::micros(std::time::SystemTime::now()))
                .zone();
            let tip = tr!(lang, "log-view-times-are", zone = &zone);
            ui.label(RichText::new(tr!(lang, "log-view-line-count", n = n)).strong())
                .on_hover_text(&tip);
            ui.label(RichText::new(mem).weak()).on_hover_text(&tip);
            if self.store.dropped() > 0 {
                let n = Arg::Count(self.store.dropped());
                ui.label(RichText::new(tr!(lang, "log-view-oldest-lines-dropped", n = n)).weak());
            }
            if let Some(p) = self.store.problem() {
                ui.label(
                    RichText::new(lang.tr("log-view-temporary-file-problem"))
                        .color(ui.visuals().warn_fg_color),
                )
                .on_hover_text(p.to_string());
            }
            ui.separator();

            let follow_label = if self.follow {
                lang.tr("log-view-pause-scrolling")
            } else {
                lang.tr("log-view-follow-new-lines")
            };
            let follow_tip = if self.follow {
                lang.tr("log-view-keep-the-view-still-while-new-lines")
            } else {
                lang.tr("log-view-jump-to-the-newest-line-and-keep-it")
            };
            if ui.button(follow_label).on_hover_text(follow_tip).clicked() {
                let on = !self.follow;
                self.set_following(on);
            }
            if !self.follow && self.unseen > 0 {
                let n = Arg::Count(self.unseen);
                ui.label(
                    RichText::new(tr!(lang, "log-view-new-lines-below", n = n))
                        .color(ui.visuals().warn_fg_color),
                );
            }

            let copy_tip = lang.tr("log-view-copy-the-selected-lines-click-a-line");
            if ui
                .add_enabled(
                    !self.store.is_empty(),
                    egui::Button::new(lang.tr("log-view-copy")),
                )
                .on_hover_text(copy_tip)
                .clicked()
            {
                self.copy(ui.ctx(), lang);
            }
            let save_tip = lang.tr("log-view-save-every-line-to-a-text-file-with");
            if ui
                .add_enabled(
                    self.save.is_none() && self.save_dialog.is_none() && !self.store.is_empty(),
                    egui::Button::new(lang.tr("log-view-save")),
                )
                .on_hover_text(save_tip)
                .clicked()
            {
                self.start_save(ui.ctx(), lang, files);
            }
            ui.checkbox(&mut self.redact, lang.tr("log-view-redact-secrets"))
                .on_hover_text(lang.tr("log-view-replace-passwords-sent-to-the-module"));
            ui.checkbox(&mut self.reveal, lang.tr("log-view-show-secrets"))
                .on_hover_text(lang.tr("log-view-show-passwords-and-keys-in-the-log-on"));
            if ui
                .add_enabled(
                    !self.store.is_empty(),
                    egui::Button::new(lang.tr("log-view-clear")),
                )
                .clicked()
            {
                self.confirm_clear = true;
            }
            self.status_ui(ui, lang);
        });
    }

    fn status_ui(&self, ui: &mut Ui, lang: Lang) {
        if let Some(job) = &self.save {
            ui.spinner();
            let pct = (job.done() * 100).checked_div(job.total).unwrap_or(100);
            ui.label(tr!(lang, "log-view-saving", percent = pct));
            return;
        }
        match &self.status {
            Some(Status::Save(SaveResult::Saved { path, lines, .. })) => {
                ui.label(tr!(
                    lang,
                    "log-view-saved",
                    n = Arg::Count(*lines),
                    path = &path.display()
                ));
            }
            Some(Status::Save(SaveResult::Failed { path, error })) => {
                ui.label(
                    RichText::new(tr!(
                        lang,
                        "log-view-could-not-save",
                        path = &path.display(),
                        error = error
                    ))
                    .color(ui.visuals().error_fg_color),
                );
            }
            Some(Status::Copied(n)) => {
                ui.label(tr!(lang, "log-view-copied", n = Arg::Count(*n as u64)));
            }
            Some(Status::CopiedPart { copied, selected }) => {
                ui.label(
                    RichText::new(tr!(
                        lang,
                        "log-view-copied-the-first",
                        copied = Arg::Count(*copied as u64),
                        selected = Arg::Count(*selected)
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }
            None => {}
        }
    }

    fn filter_row(&mut self, ui: &mut Ui, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.tr("log-view-show"));
            for f in Filter::ALL {
                let (name, tip) = filter_words(f, lang);
                let count = self.store.count(f);
                if ui
                    .add(egui::Button::selectable(self.filter == f, name))
                    .on_hover_text(tr!(
                        lang,
                        "log-view-filter-count",
                        filter = tip,
                        n = Arg::Count(count)
                    ))
                    .clicked()
                    && self.filter != f
                {
                    // Keep the same line in view when the filter changes.
                    let keep = self
                        .selection
                        .map(|s| s.1)
                        .or_else(|| self.shown.get(self.shown.len() / 2).copied());
                    self.filter = f;
                    if !self.follow
                        && let Some(seq) = keep
                    {
                        self.jump_to = Some(seq);
                    }
                }
            }
            ui.separator();
            ui.checkbox(&mut self.hex, lang.tr("log-view-hex-view"))
                .on_hover_text(lang.tr("log-view-show-every-byte-in-hexadecimal"));
            ui.separator();
            self.search_ui(ui, lang);
        });
    }

    fn search_ui(&mut self, ui: &mut Ui, lang: Lang) {
        let label = ui.label(lang.tr("log-view-search"));
        let hint = if self.hex {
            lang.tr("log-view-text-or-hex-bytes-0d-0a")
        } else {
            lang.tr("log-view-text-r-n-xnn-for-bytes")
        };
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(hint)
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
        if self.focus_search {
            edit.request_focus();
            self.focus_search = false;
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let shift = ui.input(|i| i.modifiers.shift);
        let has = self.search.count() > 0;
        let prev = ui
            .add_enabled(has, egui::Button::new(lang.tr("log-view-previous")))
            .on_hover_text(lang.tr("log-view-previous-match-shift-enter"))
            .clicked()
            || (enter && shift);
        let next = ui
            .add_enabled(has, egui::Button::new(lang.tr("log-view-next")))
            .on_hover_text(lang.tr("log-view-next-match-enter"))
            .clicked()
            || (enter && !shift);
        if enter {
            edit.request_focus();
        }
        let from = self.shown.first().copied();
        let target = if next {
            self.search.next_match(from)
        } else if prev {
            self.search.prev_match(self.shown.last().copied())
        } else {
            None
        };
        if let Some(seq) = target {
            self.jump_to = Some(seq);
            self.follow = false;
        }
        if self.search.active() {
            let n = self.search.count();
            let mut s = match self.search.current() {
                Some((i, _)) if n > 0 => {
                    format!("{} / {}", text::thousands(i as u64), text::thousands(n))
                }
                _ if n == 0 && self.search.done(&self.store) => {
                    lang.tr("log-view-no-matches").to_string()
                }
                _ => tr!(lang, "log-view-matches", n = Arg::Count(n)),
            };
            if !self.search.done(&self.store) {
                let percent = format!("{:.0}", self.search.progress(&self.store) * 100.0);
                s = tr!(lang, "log-view-searching", status = &s, percent = &percent);
            }
            ui.label(s);
        }
    }

    fn rows(&mut self, ui: &mut Ui, lang: Lang) {
        let pal = Palette::new(ui);
        let font = TextStyle::Monospace.resolve(ui.style());
        let row_h = ui.text_style_height(&TextStyle::Monospace).ceil();
        let char_w = ui.fonts_mut(|f| f.glyph_width(&font, '0'));
        let total = self.store.count(self.filter) as usize;
        let viewport_h = ui.available_height();
        ui.scope(|ui| {
            ui.spacing_mut().item_spacing.y = ROW_GAP;
            let step = f64::from(row_h + ROW_GAP);
            let mut area = ScrollArea::both()
                .id_salt("log-rows")
                .auto_shrink(false)
                .stick_to_bottom(self.follow);
            let mut programmatic = false;
            if let Some(seq) = self.jump_to.take() {
                let row = self.store.rank(self.filter, seq) as f64;
                let y = (row * step - f64::from(viewport_h) / 2.0).max(0.0);
                area = area.vertical_scroll_offset(y as f32);
                programmatic = true;
            } else if self.jump_to_end {
                area = area.vertical_scroll_offset((total as f64 * step) as f32);
                programmatic = true;
            }
            self.jump_to_end = false;
            let out = area.show_rows(ui, row_h, total, |ui, range| {
                self.draw_rows(ui, range, lang, &pal, &font, row_h, char_w);
            });
            let max = out.content_size.y - out.inner_rect.height();
            let y = out.state.clamped_offset().y;
            let at_bottom = max <= 0.0 || y >= max - 1.0;
            if !programmatic {
                if self.follow && !at_bottom {
                    // The user scrolled up: stop following (the toolbar says so).
                    self.follow = false;
                } else if !self.follow && at_bottom && self.last_offset.is_some_and(|o| y > o + 0.5)
                {
                    // The user scrolled back down to the end: follow again.
                    self.follow = true;
                    self.unseen = 0;
                }
            }
            self.last_offset = Some(y);
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_rows(
        &mut self,
        ui: &mut Ui,
        range: std::ops::Range<usize>,
        lang: Lang,
        pal: &Palette,
        font: &FontId,
        row_h: f32,
        char_w: f32,
    ) {
        let seqs = self
            .store
            .rows(self.filter, range.start as u64, range.len());
        let current = self.search.current().map(|c| c.1);
        let needle = self.search.needle().map(<[u8]>::to_vec);
        let x_dir = char_w * 13.0;
        let x_tag = x_dir + char_w * 5.0;
        let x_text = x_tag + char_w * 7.0;
        for &seq in &seqs {
            let Some(line) = self.store.line(seq) else {
                ui.allocate_exact_size(Vec2::new(ui.available_width(), row_h), Sense::hover());
                continue;
            };
            let t = self.clock.civil(line.at_us).time();
            let (dir_text, dir_color) = match line.flags.dir() {
                Dir::Tx => ("→ TX", pal.tx),
                Dir::Rx => ("← RX", pal.rx),
                Dir::Note => ("", pal.weak),
            };
            let (tag_text, tag_color) = tag_words(line.flags, lang, pal);
            let job = self.text_job(&line, lang, pal, font, needle.as_deref());
            let painter = ui.painter().clone();
            let galley = painter.layout_job(job);
            let width = (x_text + galley.size().x + char_w).max(ui.available_width());
            let (rect, resp) = ui.allocate_exact_size(Vec2::new(width, row_h), Sense::click());
            if !ui.is_rect_visible(rect) {
                continue;
            }
            let selected = self
                .selection
                .is_some_and(|(a, b)| seq >= a.min(b) && seq <= a.max(b));
            if selected {
                painter.rect_filled(rect, 0.0, pal.selected);
            } else if current == Some(seq) {
                painter.rect_filled(rect, 0.0, pal.current);
            } else if resp.hovered() {
                painter.rect_filled(
                    rect,
                    0.0,
                    ui.visuals()
                        .widgets
                        .hovered
                        .weak_bg_fill
                        .gamma_multiply(0.5),
                );
            }
            let top = rect.min;
            let dim = if line.flags.continued() {
                pal.weak.gamma_multiply(0.6)
            } else {
                pal.weak
            };
            painter.text(top, egui::Align2::LEFT_TOP, &t, font.clone(), dim);
            painter.text(
                top + Vec2::new(x_dir, 0.0),
                egui::Align2::LEFT_TOP,
                dir_text,
                font.clone(),
                dir_color,
            );
            if !tag_text.is_empty() {
                painter.text(
                    top + Vec2::new(x_tag, 0.0),
                    egui::Align2::LEFT_TOP,
                    tag_text,
                    font.clone(),
                    tag_color,
                );
            }
            let label_text = galley.text().to_string();
            painter.galley(top + Vec2::new(x_text, 0.0), galley, pal.text);
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Label,
                    true,
                    format!(
                        "{t} {} {tag_text} {label_text}",
                        text::dir_code(line.flags.dir())
                    ),
                )
            });
            if resp.clicked() {
                let shift = ui.input(|i| i.modifiers.shift);
                self.selection = match (self.selection, shift) {
                    (Some((a, _)), true) => Some((a, seq)),
                    (Some((a, b)), false) if a == seq && b == seq => None,
                    _ => Some((seq, seq)),
                };
            }
            resp.context_menu(|ui| {
                if ui.button(lang.tr("log-view-copy-this-line")).clicked() {
                    let s = self.lines_text(&[seq], lang);
                    ui.ctx().copy_text(s);
                    self.status = Some(Status::Copied(1));
                    ui.close();
                }
                if self.selection.is_some()
                    && ui.button(lang.tr("log-view-copy-selected-lines")).clicked()
                {
                    self.copy(ui.ctx(), lang);
                    ui.close();
                }
            });
        }
        self.shown = seqs;
    }

    /// The row's text: escaped (or hex), control bytes dimmed, search matches highlighted.
    fn text_job(
        &self,
        line: &Line,
        lang: Lang,
        pal: &Palette,
        font: &FontId,
        needle: Option<&[u8]>,
    ) -> LayoutJob {
        let mut job = LayoutJob {
            wrap: egui::text::TextWrapping::no_max_width(),
            ..Default::default()
        };
        let color = match (line.flags.dir(), line.flags.tag()) {
            (Dir::Note, _) => pal.weak,
            (_, Tag::Error) => pal.error,
            (_, Tag::Urc) => pal.urc,
            (_, Tag::Prompt) => pal.prompt,
            (Dir::Tx, _) => pal.tx,
            _ => pal.text,
        };
        let fmt = |color: Color32, found: bool| TextFormat {
            font_id: font.clone(),
            color,
            background: if found {
                pal.found
            } else {
                Color32::TRANSPARENT
            },
            italics: line.flags.dir() == Dir::Note,
            ..Default::default()
        };
        if line.flags.dir() == Dir::Note {
            let s = Note::decode(&line.bytes)
                .map_or_else(|| text::escaped(&line.bytes), |n| n.text(lang));
            job.append(&s, 0.0, fmt(color, false));
            return job;
        }
        // Secrets are drawn as `***` unless the user chose to see them.
        let masks = if self.reveal {
            Vec::new()
        } else {
            text::secret_ranges(&line.bytes, self.store.secrets())
        };
        let masked;
        let bytes: &[u8] = if masks.is_empty() {
            &line.bytes
        } else {
            masked = text::masked_bytes(&line.bytes, &masks);
            &masked
        };
        let found = needle
            .filter(|n| !n.is_empty())
            .map(|n| text::matches_ci(bytes, n))
            .unwrap_or_default();
        let in_match =
            |r: &std::ops::Range<usize>| found.iter().any(|m| r.start < m.end && r.end > m.start);
        // Neighbouring pieces with the same colours share one section: fewer sections, faster
        // layout (a raw data row can hold hundreds of escapes).
        let push = |job: &mut LayoutJob, s: &str, c: Color32, found: bool| {
            let bg = if found {
                pal.found
            } else {
                Color32::TRANSPARENT
            };
            let start = job.text.len();
            job.text.push_str(s);
            if let Some(last) = job.sections.last_mut()
                && last.format.color == c
                && last.format.background == bg
                && last.byte_range.end == ByteIndex(start)
            {
                last.byte_range.end = ByteIndex(job.text.len());
                return;
            }
            job.sections.push(egui::text::LayoutSection {
                leading_space: 0.0,
                byte_range: ByteIndex(start)..ByteIndex(job.text.len()),
                format: fmt(c, found),
            });
        };
        if self.hex {
            const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
            for (i, &b) in bytes.iter().enumerate() {
                let buf = [
                    b' ',
                    DIGITS[usize::from(b >> 4)],
                    DIGITS[usize::from(b & 15)],
                ];
                let s =
                    std::str::from_utf8(if i == 0 { &buf[1..] } else { &buf[..] }).unwrap_or("");
                let c = if b.is_ascii_graphic() || b == b' ' || b >= 0x80 {
                    color
                } else {
                    pal.weak
                };
                push(&mut job, s, c, in_match(&(i..i + 1)));
            }
            return job;
        }
        text::escape_pieces(bytes, |r, s, esc| {
            let c = if esc { pal.weak } else { color };
            push(&mut job, s, c, in_match(&r));
        });
        job
    }

    fn copy(&mut self, ctx: &egui::Context, lang: Lang) {
        let (seqs, selected) = match self.selection {
            Some((a, b)) => {
                let (lo, hi) = (a.min(b), a.max(b));
                let from = self.store.rank(self.filter, lo);
                let to = self.store.rank(self.filter, hi + 1);
                let n = to.saturating_sub(from);
                (
                    self.store
                        .rows(self.filter, from, (n as usize).min(MAX_COPY)),
                    n,
                )
            }
            None => {
                let s = self.shown.clone();
                let n = s.len() as u64;
                (s, n)
            }
        };
        let text = self.lines_text(&seqs, lang);
        ctx.copy_text(text);
        self.status = Some(if (seqs.len() as u64) < selected {
            Status::CopiedPart {
                copied: seqs.len(),
                selected,
            }
        } else {
            Status::Copied(seqs.len())
        });
    }

    fn start_save(&mut self, ctx: &egui::Context, lang: Lang, files: &dyn FilePicker) {
        let now = self
            .clock
            .civil(super::store::micros(std::time::SystemTime::now()));
        let name = format!(
            "ct11-log-{}-{}.txt",
            now.date(),
            now.time().get(..8).unwrap_or("").replace(':', "")
        );
        // The dialog runs off the UI thread; a picker that answers at once (tests) is taken now.
        self.save_dialog = Some(files.save_file_task(ctx, lang.tr("log-view-save-the-log"), &name));
        self.poll_save(ctx, lang);
    }

    /// Save every line there is now to `path`, in the background.
    fn save_to(&mut self, ctx: &egui::Context, lang: Lang, path: std::path::PathBuf) {
        let ctx = ctx.clone();
        self.status = None;
        self.save = Some(save::start(
            SaveRequest {
                snapshot: self.store.snapshot(),
                path,
                redact: self.redact,
                lang,
                utc: self.clock.is_utc(),
            },
            move || ctx.request_repaint(),
        ));
    }

    fn clear_modal(&mut self, ui: &mut Ui, lang: Lang) {
        if !self.confirm_clear {
            return;
        }
        let n = Arg::Count(self.store.len() as u64);
        let r = egui::Modal::new(Id::unique("log-clear-confirm")).show(ui.ctx(), |ui| {
            ui.set_max_width(380.0);
            ui.heading(lang.tr("log-view-clear-the-log"));
            ui.label(tr!(lang, "log-view-all", n = n.clone()));
            ui.add_space(8.0);
            let mut close = false;
            ui.horizontal(|ui| {
                if ui.button(lang.tr("log-view-clear-log")).clicked() {
                    self.clear();
                    self.status = None;
                    close = true;
                }
                if ui.button(lang.tr("log-view-cancel")).clicked() {
                    close = true;
                }
            });
            close
        });
        if r.inner || r.should_close() {
            self.confirm_clear = false;
        }
    }
}

/// A filter button's name and explanation.
fn filter_words(f: Filter, lang: Lang) -> (&'static str, &'static str) {
    match f {
        Filter::All => (
            lang.tr("log-view-all-lines"),
            lang.tr("log-view-everything-sent-and-received"),
        ),
        Filter::Tx => (
            lang.tr("log-view-sent-tx"),
            lang.tr("log-view-only-what-was-sent-to-the-module"),
        ),
        Filter::Rx => (
            lang.tr("log-view-received-rx"),
            lang.tr("log-view-only-what-the-module-sent"),
        ),
        Filter::Unsolicited => (
            lang.tr("log-view-unsolicited-urc"),
            lang.tr("log-view-lines-the-module-sent-on-its-own"),
        ),
        Filter::Errors => (
            lang.tr("log-view-errors"),
            lang.tr("log-view-only-error-lines"),
        ),
    }
}

/// The tag column's text and colour.
fn tag_words(f: Flags, lang: Lang, pal: &Palette) -> (&'static str, Color32) {
    match f.tag() {
        Tag::Echo => (lang.tr("log-view-echo"), pal.weak),
        Tag::Final => ("OK", pal.rx),
        Tag::Error => ("ERROR", pal.error),
        Tag::Prompt => (">", pal.prompt),
        Tag::Urc => ("URC", pal.urc),
        Tag::Body => (lang.tr("log-view-body"), pal.weak),
        Tag::Data if f.unsolicited() => (lang.tr("log-view-data"), pal.weak),
        Tag::Note => (lang.tr("log-view-note"), pal.weak),
        Tag::Sent | Tag::Answer | Tag::Data | Tag::Blank => ("", pal.weak),
    }
}
