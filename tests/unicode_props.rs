//! Every validator, every form field and every command-line argument takes arbitrary Unicode —
//! full-width letters (what a Chinese input method types), CJK, emoji, zero-width and
//! right-to-left marks, combining marks, control characters — without a panic, and whatever it
//! accepts becomes a command line without CR or LF.
//!
//! The strategies below lean on the characters that break byte-indexed code: multi-byte
//! characters right after `A`/`AT`, the separators the code searches for (`=`, `?`, `,`, `{`),
//! and the characters the validators must refuse.

use clap::Parser;
use ct11_configurator::at::basic::{
    GpioConfig, GpioMode, OtaRequest, Parity, StopBits, UartConfig,
};
use ct11_configurator::at::http::{Header, HttpBody, HttpMethod, HttpTarget};
use ct11_configurator::at::mqtt::{
    MqttBroker, MqttClient, MqttSession, Publish, PublishEx, Subscription, TopicRef, Will,
};
use ct11_configurator::at::network::{NtpServer, PingRequest};
use ct11_configurator::at::socket::{Protocol, SimpleClient, SocketTarget};
use ct11_configurator::at::{Checked, Command, Validate, value};
use ct11_configurator::cli::Cli;
use ct11_configurator::i18n::Lang;
use ct11_configurator::ui::panels::http::request::{HeaderRow, RequestForm};
use ct11_configurator::ui::panels::http::target::TargetForm;
use ct11_configurator::ui::panels::mqtt::broker::BrokerForm;
use ct11_configurator::ui::panels::mqtt::client::ClientForm;
use ct11_configurator::ui::panels::mqtt::publish::PublishForm;
use ct11_configurator::ui::panels::terminal::bytes::{ByteFormat, ByteSender};
use ct11_configurator::ui::panels::terminal::{catalogue, escape};
use proptest::prelude::*;

/// One character, drawn mostly from the classes that trouble text code.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => proptest::char::range('\u{ff01}', '\u{ff5e}'),               // full-width ASCII (ＡＴ＋ＣＳＱ)
        2 => proptest::char::range('\u{4e00}', '\u{9fff}'),               // CJK
        1 => proptest::char::range('\u{1f300}', '\u{1faff}'),             // emoji (4 bytes)
        1 => prop::sample::select(vec![
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', // zero-width
            '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202e}', '\u{2066}', '\u{2069}', // bidi
            '\u{3000}', '\u{00a0}', '\u{2028}', '\u{2029}', '\u{0085}', // odd spaces, separators
        ]),
        1 => proptest::char::range('\u{0590}', '\u{06ff}'),               // Hebrew, Arabic (right to left)
        1 => proptest::char::range('\u{0300}', '\u{036f}'),               // combining marks
        1 => proptest::char::range('\u{0}', '\u{1f}'),                    // C0 controls (CR, LF, NUL, ESC)
        1 => proptest::char::range('\u{7f}', '\u{9f}'),                   // DEL and C1 controls
        4 => prop::sample::select(vec![
            'A', 'T', 'a', 't', '+', '=', '?', ',', '"', '{', '}', ':', '/', ' ', '.', '0', '9',
            '\\', 'x', 'é',
        ]),
    ]
}

/// A string of up to `max` nasty characters.
fn nasty(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..=max).prop_map(String::from_iter)
}

/// A nasty string that often starts like a command, so the code after the `AT` check runs.
fn nasty_line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "AT", "at", "AT+", "A", "AT+QMTCFG=", "+++"]),
        nasty(40),
    )
        .prop_map(|(head, tail)| format!("{head}{tail}"))
}

/// Whatever a validator accepted must not carry a line break to the module.
fn assert_one_line(c: &Command) {
    for l in [c.line(), c.display_line()] {
        assert!(!l.contains(['\r', '\n']), "{l:?}");
    }
    // Every text a command offers the user is built without a panic.
    let _ = c.name();
    let _ = c.ending();
    let _ = c.timeout();
}

/// A validator's verdict, and the error message in both languages if it refused.
fn check<T: Validate>(v: T, wrap: impl FnOnce(Checked<T>) -> Command) {
    match Checked::new(v) {
        Ok(c) => assert_one_line(&wrap(c)),
        Err(e) => {
            assert!(!e.message(Lang::En).is_empty());
            assert!(!e.message(Lang::Zh).is_empty());
        }
    }
}

fn cfg() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn raw_lines(line in nasty_line()) {
        match Command::raw(&line) {
            Ok(c) => assert_one_line(&c),
            Err(e) => {
                let _ = (e.message(Lang::En), e.message(Lang::Zh));
            }
        }
        let _ = catalogue::complete(&line);
        let _ = catalogue::current(&line);
    }

    #[test]
    fn text_and_number_checks(s in nasty(80), max in 0usize..200) {
        let _ = value::text(value::Field::Topic, &s, max, false);
        let _ = value::parse_number(value::Field::BrokerPort, &s, 0, 65535);
        let _ = value::split_params(&s);
        let _ = value::split_trailing(&s, 2);
        let _ = value::unquote(&s);
    }

    #[test]
    fn mqtt_validators(a in nasty(40), b in nasty(40), c in nasty(40), d in nasty(40), e in nasty(40), n in any::<u8>()) {
        check(MqttClient { client_id: a.clone(), username: b.clone(), password: c.clone(), will: None }, Command::MqttClientSet);
        check(
            MqttClient {
                client_id: a.clone(),
                username: b.clone(),
                password: c.clone(),
                will: Some(Will { qos: n % 4, retain: n % 2 == 0, topic: d.clone(), message: e.clone() }),
            },
            Command::MqttClientSet,
        );
        check(MqttBroker { host: a.clone(), port: 1883, auto_reconnect: true }, Command::MqttBrokerSet);
        check(MqttSession { clean: true, keepalive_s: u16::from(n) }, Command::MqttSessionSet);
        check(Subscription { topic: b.clone(), qos: n % 4 }, Command::MqttSubscribe);
        check(TopicRef(c.clone()), Command::MqttUnsubscribe);
        check(Publish { topic: d.clone(), qos: n % 4, retain: false, message: e.clone() }, Command::MqttPublish);
        check(PublishEx { topic: d, qos: n % 4, retain: true, data: e.into_bytes() }, Command::MqttPublishEx);
    }

    #[test]
    fn other_validators(a in nasty(60), b in nasty(60), n in any::<u16>()) {
        check(NtpServer { server: a.clone(), port: n }, Command::NtpSync);
        check(PingRequest { host: b.clone(), count: (n % 300) as u8 }, Command::Ping);
        let target = SocketTarget {
            protocol: if n % 2 == 0 { Protocol::Tcp } else { Protocol::Udp },
            host: a.clone(),
            port: n,
            local_port: n / 2,
            transparent: n % 3 == 0,
        };
        check(target.clone(), Command::SocketOpen);
        check(SimpleClient(target), Command::SimpleClientSet);
        check(HttpTarget { url: a.clone(), port: n, https: n % 2 == 0, verify: false }, Command::HttpTargetSet);
        check(Header { name: a.clone(), value: b.clone() }, Command::HttpHeaderSet);
        check(HttpBody(b.clone().into_bytes()), Command::HttpData);
        check(OtaRequest { mode: (n % 3) as u8, url: a }, Command::Ota);
        check(
            UartConfig { baud: u32::from(n) * 8, data_bits: (n % 10) as u8, stop_bits: StopBits::One, parity: Parity::None },
            Command::UartSet,
        );
        check(GpioConfig { pin: (n % 4) as u8, mode: GpioMode::Input, pull: None }, Command::GpioSet);
    }

    #[test]
    fn mqtt_forms(a in nasty(40), b in nasty(40), c in nasty(40), d in nasty(40), e in nasty(40)) {
        let mut client = ClientForm::default();
        client.client_id = a.clone();
        client.username = b.clone();
        client.password = c.clone();
        client.will_on = true;
        client.will_topic = d.clone();
        client.will_message = e.clone();
        if let Some(cmd) = client.command() { assert_one_line(&cmd); }
        let publish = PublishForm { topic: d, message: e, ..PublishForm::default() };
        if let Some(cmd) = publish.command() { assert_one_line(&cmd); }
        // Port texts go through `value::parse_number` (`text_and_number_checks`).
        let mut broker = BrokerForm::default();
        broker.host = a;
        if let Some(cmd) = broker.command() { assert_one_line(&cmd); }
    }

    #[test]
    fn http_forms(url in nasty(60), name in nasty(30), value in nasty(30), body in nasty(60)) {
        let mut target = TargetForm::default();
        target.url = url;
        if let Some(cmd) = target.command() { assert_one_line(&cmd); }
        let request = RequestForm {
            method: HttpMethod::Post,
            headers: vec![HeaderRow { name, value }, HeaderRow::default()],
            body,
        };
        for cmd in request.header_commands().into_iter().flatten() { assert_one_line(&cmd); }
        if let Some(Some(cmd)) = request.body_command() { assert_one_line(&cmd); }
    }

    #[test]
    fn terminal_byte_sender(text in nasty(60)) {
        for format in [ByteFormat::Escaped, ByteFormat::Hex] {
            let sender = ByteSender { format, text: text.clone() };
            let _ = sender.bytes(Lang::En);
            let _ = sender.bytes(Lang::Zh);
        }
        let _ = escape::unescape(&text);
    }

    #[test]
    fn profile_text(a in nasty(30), b in nasty(30), c in nasty(30)) {
        // TOML strings cannot hold every control character raw: escape them as TOML would.
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let text = format!(
            "[mqtt]\nclient_id = {}\nusername = {}\npassword = {}\nhost = {}\n[http]\nurl = {}\n[[http.headers]]\nname = {}\nvalue = {}\n",
            q(&a), q(&b), q(&c), q(&a), q(&b), q(&c), q(&a),
        );
        let _ = ct11_configurator::profile::load::parse(&text, None, std::path::Path::new("."));
        // The raw text too (mostly a syntax error, which must be located, not panic).
        let _ = ct11_configurator::profile::load::parse(&a, None, std::path::Path::new("."));
    }

    #[test]
    fn command_line_arguments(a in nasty(30), b in nasty(30)) {
        for args in [
            vec!["ct11-configurator", "send", "--port", "sim", "--timeout", a.as_str(), "AT"],
            vec!["ct11-configurator", "send", "--port", a.as_str(), "--baud", b.as_str(), "AT"],
            vec!["ct11-configurator", "apply", "--port", a.as_str(), b.as_str()],
            vec!["ct11-configurator", "gui", "--lang", a.as_str(), "--tab", b.as_str()],
            vec!["ct11-configurator", "simulate", "--dialect", a.as_str(), "--fault", b.as_str()],
            vec!["ct11-configurator", a.as_str(), b.as_str()],
        ] {
            let _ = Cli::try_parse_from(args);
        }
        // A command `send` would take is refused or accepted without a panic, before any port
        // is opened.
        let _ = Command::raw(&a);
    }
}

/// `send --timeout 1e20` used to panic in `Duration::from_secs_f64`. Every bad timeout is now an
/// error (exit code 2, nothing sent), found before a port is opened.
#[test]
fn send_refuses_a_timeout_that_does_not_fit() {
    use ct11_configurator::cli::Cmd;
    for t in [
        "1e20", "1e300", "inf", "NaN", "-1", "0", "3601", "1e-400", "５",
    ] {
        let arg = format!("--timeout={t}");
        let parsed =
            Cli::try_parse_from(["ct11-configurator", "send", "--port", "sim", &arg, "AT"]);
        let cli = match parsed {
            Err(e) => {
                assert_eq!(
                    e.kind(),
                    clap::error::ErrorKind::ValueValidation,
                    "{t}: {e}"
                );
                continue;
            }
            Ok(cli) => cli,
        };
        let Some(Cmd::Send(args)) = cli.command else {
            panic!("{t}: not send")
        };
        let r = std::panic::catch_unwind(|| ct11_configurator::cli::send::run(&args));
        let r = r.unwrap_or_else(|_| panic!("--timeout {t} panicked"));
        let e = r.expect_err(t);
        assert_eq!(e.exit_code(), 2, "{t}: {e}");
    }
    let ok = Cli::try_parse_from([
        "ct11-configurator",
        "send",
        "--port",
        "sim",
        "--timeout",
        "2.5",
        "AT",
    ]);
    assert!(ok.is_ok());
}
