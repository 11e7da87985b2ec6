//! Profile files and file dialogs: opening and saving a profile off the UI thread, and the
//! dialogs that ask where.

use super::*;

/// File work running off the UI thread.
pub(super) enum FileJob {
    /// Reading a profile's text.
    Open {
        path: PathBuf,
        task: Task<std::io::Result<String>>,
    },
    /// Saving `profile` (certificate paths already written for its folder); `text` is the
    /// editor's text when saving started.
    Save {
        path: PathBuf,
        profile: Box<Profile>,
        include_secrets: bool,
        text: String,
        task: Task<Result<(), crate::profile::ProfileError>>,
    },
    /// Saving the installation report.
    Report {
        path: PathBuf,
        task: Task<std::io::Result<()>>,
    },
}

impl FileJob {
    pub(super) fn path(&self) -> &std::path::Path {
        match self {
            FileJob::Open { path, .. }
            | FileJob::Save { path, .. }
            | FileJob::Report { path, .. } => path,
        }
    }
}

/// What a file dialog was opened for.
pub(super) enum Dialog {
    Open,
    Save { include_secrets: bool },
    Report,
}

impl ProfilesPanel {
    /// Whether a file is being read or written, or a file dialog is open.
    pub fn file_busy(&self) -> bool {
        self.file.is_some() || self.dialog.is_open()
    }

    /// Wait for `dialog` (off the UI thread) and then go on with `purpose`; a picker that
    /// answers at once (tests) goes on in this frame.
    pub(super) fn ask(
        &mut self,
        purpose: Dialog,
        dialog: Task<Option<PathBuf>>,
        ctx: &mut PanelCtx<'_>,
        egui: &egui::Context,
    ) {
        self.dialog.start(purpose, dialog);
        self.poll_dialog(ctx, egui);
    }

    /// Go on with what a file dialog was opened for, once it answered (never waits).
    pub(super) fn poll_dialog(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let Some((purpose, path)) = self.dialog.poll() else {
            return;
        };
        match purpose {
            Dialog::Open => self.open_path(path, egui),
            Dialog::Save { include_secrets } => self.save_to(path, egui, include_secrets),
            Dialog::Report => self.report_to(path, ctx, egui),
        }
    }

    pub(super) fn open(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let title = ctx.tr("profiles-open-a-profile");
        let dialog = ctx
            .files
            .pick_file_task(egui, title, &[("TOML", &["toml"])]);
        self.ask(Dialog::Open, dialog, ctx, egui);
    }

    pub(super) fn open_path(&mut self, path: PathBuf, egui: &egui::Context) {
        let p = path.clone();
        let task = Task::spawn("profile-open", egui, move || std::fs::read_to_string(&p));
        self.file = Some(FileJob::Open { path, task });
        self.notice = None;
    }

    pub(super) fn save(
        &mut self,
        ctx: &mut PanelCtx<'_>,
        egui: &egui::Context,
        include_secrets: bool,
    ) {
        if self.editor.loaded().is_none() {
            return;
        }
        let title = ctx.tr("profiles-save-the-profile");
        let dialog = ctx.files.save_file_task(egui, title, "profile.toml");
        self.ask(Dialog::Save { include_secrets }, dialog, ctx, egui);
    }

    pub(super) fn save_to(&mut self, path: PathBuf, egui: &egui::Context, include_secrets: bool) {
        // The profile as it is when the user chose where to save it.
        let Some(l) = self.editor.loaded() else {
            return;
        };
        // Certificate paths are relative to the profile file: written for the new folder.
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let profile = paths::rebase(&l.profile, &self.editor.base(), Some(dir));
        let (p, target) = (profile.clone(), path.clone());
        let task = Task::spawn("profile-save", egui, move || {
            save(&p, &target, include_secrets)
        });
        self.file = Some(FileJob::Save {
            path,
            profile: Box::new(profile),
            include_secrets,
            text: self.editor.text.clone(),
            task,
        });
        self.notice = None;
    }

    /// Take in what a file job finished with (called every frame; never waits).
    pub(super) fn poll_file(&mut self, lang: Lang) {
        let Some(job) = &self.file else { return };
        let stopped = |path: &std::path::Path| {
            crate::tr!(
                lang,
                "profiles-stopped-unexpectedly",
                path = &path.display()
            )
        };
        self.notice = match job {
            FileJob::Open { path, task } => match task.poll() {
                None => return,
                Some(Ok(Ok(text))) => {
                    self.editor.load_text(Some(path.clone()), text);
                    self.editor.validate();
                    let (ok, words) = self.editor.status(lang);
                    Some((
                        ok,
                        crate::tr!(
                            lang,
                            "profiles-opened",
                            path = &path.display(),
                            status = &words
                        ),
                    ))
                }
                Some(Ok(Err(e))) => Some((
                    false,
                    crate::tr!(
                        lang,
                        "profiles-cannot-read",
                        path = &path.display(),
                        error = &e
                    ),
                )),
                Some(Err(Stopped)) => Some((false, stopped(path))),
            },
            FileJob::Save {
                path,
                profile,
                include_secrets,
                text,
                task,
            } => match task.poll() {
                None => return,
                Some(Ok(Ok(()))) => {
                    // The editor now shows that file (its text as saved, the password kept
                    // aside), unless it was edited meanwhile.
                    if self.editor.text == *text {
                        self.editor.path = Some(path.clone());
                        self.editor.load_profile(profile);
                    }
                    Some((
                        true,
                        if *include_secrets {
                            crate::tr!(
                                lang,
                                "profiles-saved-with-the-password",
                                path = &path.display()
                            )
                        } else {
                            crate::tr!(
                                lang,
                                "profiles-saved-without-the-password",
                                path = &path.display()
                            )
                        },
                    ))
                }
                Some(Ok(Err(e))) => Some((false, e.message(lang))),
                Some(Err(Stopped)) => Some((false, stopped(path))),
            },
            FileJob::Report { path, task } => match task.poll() {
                None => return,
                Some(Ok(Ok(()))) => Some((
                    true,
                    crate::tr!(lang, "profiles-report-saved", path = &path.display()),
                )),
                Some(Ok(Err(e))) => Some((
                    false,
                    crate::tr!(
                        lang,
                        "profiles-cannot-write",
                        path = &path.display(),
                        error = &e
                    ),
                )),
                Some(Err(Stopped)) => Some((false, stopped(path))),
            },
        };
        self.file = None;
    }
}
