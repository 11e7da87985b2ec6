//! The manual's command list (§5.3 and §6), for completion in the terminal: what Tab inserts,
//! the full syntax, and one line saying what the command does, in both languages.

use crate::i18n::Lang;

/// One completable command form.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// What completion inserts (`AT+CSQ`, `AT+IPR?`, `AT+QIOPEN=`).
    pub insert: &'static str,
    /// The syntax with its parameters, as the manual writes it.
    pub syntax: &'static str,
    /// Catalogue key of what the command does.
    pub key: &'static str,
}

impl Entry {
    /// What the command does, in the user's language.
    pub fn describe(&self, lang: Lang) -> &'static str {
        lang.tr(self.key)
    }
}

const fn e(insert: &'static str, syntax: &'static str, key: &'static str) -> Entry {
    Entry {
        insert,
        syntax,
        key,
    }
}

/// Every command form of the manual, in the manual's order.
pub const COMMANDS: &[Entry] = &[
    // §6.1 basic
    e("AT", "AT", "terminal-catalogue-test-the-serial-link"),
    e("AT+GMR", "AT+GMR", "terminal-catalogue-firmware-version"),
    e(
        "AT+GSN",
        "AT+GSN",
        "terminal-catalogue-imei-device-serial-number",
    ),
    e("ATE0", "ATE0", "terminal-catalogue-echo-off"),
    e("ATE1", "ATE1", "terminal-catalogue-echo-on-default"),
    e("AT+RST", "AT+RST", "terminal-catalogue-restart-the-module"),
    e(
        "AT+RESTORE",
        "AT+RESTORE",
        "terminal-catalogue-factory-reset-erases-saved-settings",
    ),
    e("AT+QCCID", "AT+QCCID", "terminal-catalogue-sim-card-iccid"),
    e(
        "AT+IPR?",
        "AT+IPR?",
        "terminal-catalogue-read-the-uart-settings",
    ),
    e(
        "AT+IPR=",
        "AT+IPR=<baud>,<databits>,<stopbits>,<parity>",
        "terminal-catalogue-set-the-uart-settings-restarts-at-the",
    ),
    e(
        "AT+SINGLESIM?",
        "AT+SINGLESIM?",
        "terminal-catalogue-read-the-sim-slot",
    ),
    e(
        "AT+SINGLESIM=",
        "AT+SINGLESIM=<0/1>",
        "terminal-catalogue-switch-the-sim-slot-restarts",
    ),
    e(
        "AT+OTA=",
        "AT+OTA=<mode>,\"<url>\"",
        "terminal-catalogue-firmware-update-only-with-a-link-from",
    ),
    e(
        "AT+GPIO=",
        "AT+GPIO=<pin>[,<dir>[,<pull>]]",
        "terminal-catalogue-read-or-set-a-gpio-pin-pin-0-2-io1",
    ),
    // §6.3 power
    e(
        "AT+SYSSLEEP?",
        "AT+SYSSLEEP?",
        "terminal-catalogue-read-command-controlled-sleep",
    ),
    e(
        "AT+SYSSLEEP=",
        "AT+SYSSLEEP=<0/1>",
        "terminal-catalogue-command-controlled-sleep-needs-at",
    ),
    e(
        "AT+CSCLK?",
        "AT+CSCLK?",
        "terminal-catalogue-read-dtr-controlled-sleep",
    ),
    e(
        "AT+CSCLK=",
        "AT+CSCLK=<0/1>",
        "terminal-catalogue-dtr-controlled-sleep-needs-at",
    ),
    // §6.2 network
    e(
        "AT+CREG?",
        "AT+CREG?",
        "terminal-catalogue-network-registration-state",
    ),
    e(
        "AT+CREG=",
        "AT+CREG=<n>",
        "terminal-catalogue-registration-report-mode-0-2",
    ),
    e("AT+CSQ", "AT+CSQ", "terminal-catalogue-signal-quality"),
    e(
        "AT+QNTP?",
        "AT+QNTP?",
        "terminal-catalogue-read-the-ntp-server",
    ),
    e(
        "AT+QNTP=",
        "AT+QNTP=\"<server>\",<port>",
        "terminal-catalogue-sync-the-clock-from-an-ntp-server",
    ),
    e("AT+QLTS?", "AT+QLTS?", "terminal-catalogue-module-time"),
    e(
        "AT+QPING=",
        "AT+QPING=\"<host>\",<count>",
        "terminal-catalogue-ping-a-host-count-1-10",
    ),
    e(
        "AT+CPSI",
        "AT+CPSI",
        "terminal-catalogue-serving-cell-information",
    ),
    // §6.4 TCP/UDP
    e(
        "AT+QIOPEN=",
        "AT+QIOPEN=\"<TCP/UDP>\",\"<ip>\",<port>,<localport>,<mode>",
        "terminal-catalogue-open-a-tcp-udp-connection-mode-0-at-1",
    ),
    e(
        "AT+QISEND=",
        "AT+QISEND=<link>,<length>",
        "terminal-catalogue-send-data-on-a-link-then-send-the",
    ),
    e(
        "ATO",
        "ATO",
        "terminal-catalogue-back-into-transparent-mode-sent-with",
    ),
    e(
        "+++",
        "+++",
        "terminal-catalogue-leave-transparent-mode-silence-before",
    ),
    e(
        "AT+QICLOSE=",
        "AT+QICLOSE=<link>",
        "terminal-catalogue-close-a-connection",
    ),
    e(
        "AT+QISTATE",
        "AT+QISTATE",
        "terminal-catalogue-list-open-connections",
    ),
    // §6.5 simple pairing
    e(
        "AT+SIMPLEMODE?",
        "AT+SIMPLEMODE?",
        "terminal-catalogue-read-the-simple-pairing-mode",
    ),
    e(
        "AT+SIMPLEMODE=",
        "AT+SIMPLEMODE=<mode>,<sub>",
        "terminal-catalogue-set-the-simple-pairing-mode-restarts",
    ),
    e(
        "AT+SIMPLECLIENT?",
        "AT+SIMPLECLIENT?",
        "terminal-catalogue-read-the-saved-tcp-client",
    ),
    e(
        "AT+SIMPLECLIENT=",
        "AT+SIMPLECLIENT=\"TCP\",\"<ip>\",<port>,<localport>,<mode>",
        "terminal-catalogue-save-the-tcp-client-at-most-60-bytes",
    ),
    // §6.6 MQTT
    e(
        "AT+QMTCFG?",
        "AT+QMTCFG?",
        "terminal-catalogue-read-the-mqtt-client-settings",
    ),
    e(
        "AT+QMTCFG=",
        "AT+QMTCFG=\"<clientid>\",\"<user>\",\"<password>\"[,<will_qos>,<will_retain>,\"<will_topic>\",\"<will_msg>\"]",
        "terminal-catalogue-set-the-mqtt-client",
    ),
    e(
        "AT+QMTCONNCFG?",
        "AT+QMTCONNCFG?",
        "terminal-catalogue-read-the-mqtt-broker",
    ),
    e(
        "AT+QMTCONNCFG=",
        "AT+QMTCONNCFG=\"<host>\",<port>,<reconnect>",
        "terminal-catalogue-set-the-mqtt-broker-connects-at-once",
    ),
    e(
        "AT+QMTSTART?",
        "AT+QMTSTART?",
        "terminal-catalogue-read-the-mqtt-session-settings",
    ),
    e(
        "AT+QMTSTART=",
        "AT+QMTSTART=<clean>,<keepalive>",
        "terminal-catalogue-clean-session-and-keepalive-0-7200-s",
    ),
    e(
        "AT+QMTSUB?",
        "AT+QMTSUB?",
        "terminal-catalogue-list-subscriptions",
    ),
    e(
        "AT+QMTSUB=",
        "AT+QMTSUB=\"<topic>\",<qos>",
        "terminal-catalogue-subscribe-to-a-topic",
    ),
    e(
        "AT+QMTPUB=",
        "AT+QMTPUB=\"<topic>\",<qos>,<retain>,\"<message>\"",
        "terminal-catalogue-publish-a-message-up-to-512-bytes-a",
    ),
    e(
        "AT+QMTPUBEX=",
        "AT+QMTPUBEX=\"<topic>\",<qos>,<retain>,<length>",
        "terminal-catalogue-long-publish-then-send-the-bytes-at",
    ),
    e(
        "AT+QMTUNSUB=",
        "AT+QMTUNSUB=\"<topic>\"",
        "terminal-catalogue-unsubscribe",
    ),
    e(
        "AT+QMTSTATU",
        "AT+QMTSTATU",
        "terminal-catalogue-mqtt-connection-state",
    ),
    e(
        "AT+QMTDISC",
        "AT+QMTDISC",
        "terminal-catalogue-disconnect-from-the-mqtt-broker",
    ),
    e(
        "AT+MQTTCERTIFI?",
        "AT+MQTTCERTIFI?",
        "terminal-catalogue-read-the-mqtt-certificate",
    ),
    e(
        "AT+MQTTCERTIFI=",
        "AT+MQTTCERTIFI=<mode>,<verify>,<length>",
        "terminal-catalogue-set-the-mqtt-certificate-then-send-it",
    ),
    // §6.7 HTTP
    e(
        "AT+HTTPPARA?",
        "AT+HTTPPARA?",
        "terminal-catalogue-read-the-http-url-settings",
    ),
    e(
        "AT+HTTPPARA=",
        "AT+HTTPPARA=\"<url>\",<port>,<type>,<cert>",
        "terminal-catalogue-set-the-http-url-type-0-http-1-https",
    ),
    e(
        "AT+HTTPRQH?",
        "AT+HTTPRQH?",
        "terminal-catalogue-read-the-request-headers",
    ),
    e(
        "AT+HTTPRQH=",
        "AT+HTTPRQH=\"<key>\",\"<value>\"",
        "terminal-catalogue-set-a-request-header",
    ),
    e(
        "AT+HTTPDATA=",
        "AT+HTTPDATA=<length>",
        "terminal-catalogue-request-body-then-send-it-at",
    ),
    e(
        "AT+HTTPACTION=",
        "AT+HTTPACTION=<0–4>",
        "terminal-catalogue-send-the-request-0-get-1-post-2-put-3",
    ),
    e(
        "AT+HTTPCERTIFI?",
        "AT+HTTPCERTIFI?",
        "terminal-catalogue-read-the-https-certificate",
    ),
    e(
        "AT+HTTPCERTIFI=",
        "AT+HTTPCERTIFI=<verify>,<length>",
        "terminal-catalogue-set-the-https-certificate-then-send",
    ),
];

/// The forms that complete what is typed (case-insensitive prefix), excluding an exact match.
/// Nothing once parameters are being typed (after `=` or `?`).
pub fn complete(typed: &str) -> Vec<&'static Entry> {
    let t = typed.trim_start().to_ascii_uppercase();
    if t.is_empty() || t.contains(['=', '?']) {
        return Vec::new();
    }
    COMMANDS
        .iter()
        .filter(|e| e.insert.starts_with(&t) && e.insert != t)
        .collect()
}

/// The command being typed, once its name is complete: for the syntax hint under the input.
pub fn current(typed: &str) -> Option<&'static Entry> {
    let t = typed.trim().to_ascii_uppercase();
    if t.is_empty() {
        return None;
    }
    // The longest form that the line starts with (`AT+QMTCONNCFG=` before `AT+QMTCFG`), and
    // only at a name boundary, so `AT+QMTSTATUS` does not match `AT+QMTSTATU`.
    COMMANDS
        .iter()
        .filter(|e| {
            t.starts_with(e.insert)
                && (e.insert.ends_with(['=', '?'])
                    || t.len() == e.insert.len()
                    || t[e.insert.len()..].starts_with(['=', '?']))
        })
        .max_by_key(|e| e.insert.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_a_valid_raw_line() {
        for e in COMMANDS {
            assert!(
                crate::at::Command::raw(e.insert).is_ok(),
                "{} is not accepted as a raw line",
                e.insert
            );
            assert!(e.syntax.starts_with(e.insert.trim_end_matches(['=', '?'])));
            for lang in Lang::ALL {
                assert!(!lang.tr(e.key).is_empty());
            }
        }
    }

    #[test]
    fn prefix_completion() {
        let names: Vec<_> = complete("at+qmtc").iter().map(|e| e.insert).collect();
        assert_eq!(
            names,
            vec![
                "AT+QMTCFG?",
                "AT+QMTCFG=",
                "AT+QMTCONNCFG?",
                "AT+QMTCONNCFG="
            ]
        );
        assert!(complete("AT+CSQ").is_empty());
        assert!(complete("AT+IPR=").is_empty());
        assert!(complete("").is_empty());
        assert_eq!(complete("+").len(), 1);
    }

    #[test]
    fn current_command_for_the_syntax_hint() {
        assert_eq!(current("AT+QIOPEN=\"TCP\"").unwrap().insert, "AT+QIOPEN=");
        assert_eq!(current("at+csq").unwrap().insert, "AT+CSQ");
        assert_eq!(current("AT+QMTCONNCFG?").unwrap().insert, "AT+QMTCONNCFG?");
        assert!(current("AT+QMTSTATUS").is_none());
        assert_eq!(current("AT").unwrap().insert, "AT");
        assert!(current("ATX").is_none());
    }
}
