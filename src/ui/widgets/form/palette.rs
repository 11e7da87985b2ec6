//! The few colours the app uses beside the theme's own: one constant per meaning, so a "good"
//! green or a "wait" amber looks the same on every panel.

use egui::Color32;

/// Good: connected, applied, answered OK, a strong signal.
pub const GREEN: Color32 = Color32::from_rgb(40, 160, 70);
/// Wait or take care: connecting, a fair signal, a 4xx answer, a warning that does not block.
pub const AMBER: Color32 = Color32::from_rgb(215, 140, 20);
/// Bad: no signal, a lost link, a refused registration.
pub const RED: Color32 = Color32::from_rgb(210, 70, 60);
/// Neutral information: a redirect, an aiming marker.
pub const BLUE: Color32 = Color32::from_rgb(55, 125, 215);
/// Off or unknown (a GPIO at low level).
pub const GREY: Color32 = Color32::from_rgb(120, 120, 120);
/// A banner's background that asks for attention (transparent mode).
pub const BANNER_AMBER: Color32 = Color32::from_rgb(255, 236, 179);
/// A calm banner's background (command mode).
pub const BANNER_BLUE: Color32 = Color32::from_rgb(214, 234, 248);
/// Text on a banner (banners have a light background in both themes).
pub const BANNER_TEXT: Color32 = Color32::from_rgb(40, 40, 40);
/// Text on the amber banner at the top of the window.
pub const BANNER_AMBER_TEXT: Color32 = Color32::from_rgb(90, 60, 0);
