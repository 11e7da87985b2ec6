//! The module's own reading of a command line: `AT`, `ATE1`, `AT+NAME`, `AT+NAME?`,
//! `AT+NAME=p1,p2,…` with quoted or bare parameters (the manual mixes both).

/// The shape of a received command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// `AT`.
    At,
    /// `ATE<digits>` (the digits as text).
    Echo(String),
    /// `AT+NAME` (execute).
    Exec(String),
    /// `AT+NAME?`.
    Query(String),
    /// `AT+NAME=…`: the name and the raw text after `=`.
    Set(String, String),
}

/// Splits a command line; `None` when it is not a command at all (wrong case, no `AT`).
pub fn parse_line(line: &str) -> Option<Parsed> {
    let rest = line.strip_prefix("AT")?;
    if rest.is_empty() {
        return Some(Parsed::At);
    }
    if let Some(mode) = rest.strip_prefix('E') {
        return Some(Parsed::Echo(mode.to_string()));
    }
    let body = rest.strip_prefix('+')?;
    let name_end = body
        .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
        .unwrap_or(body.len());
    let (name, tail) = body.split_at(name_end);
    if name.is_empty() {
        return None;
    }
    let name = name.to_string();
    match tail {
        "" => Some(Parsed::Exec(name)),
        "?" => Some(Parsed::Query(name)),
        _ => tail
            .strip_prefix('=')
            .map(|args| Parsed::Set(name, args.to_string())),
    }
}

/// One parameter as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The text, without quotes.
    pub text: String,
    /// Whether it was written in double quotes.
    pub quoted: bool,
}

/// Splits parameters at commas outside quotes. A quote opens only at the start of a
/// parameter and must be followed by a comma or the end; `None` when malformed.
pub fn split_params(args: &str) -> Option<Vec<Param>> {
    let mut out = Vec::new();
    let mut chars = args.chars().peekable();
    loop {
        let mut text = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => text.push(c),
                    None => return None,
                }
            }
            match chars.next() {
                Some(',') => {
                    out.push(Param { text, quoted });
                    continue;
                }
                None => {
                    out.push(Param { text, quoted });
                    return Some(out);
                }
                Some(_) => return None,
            }
        }
        loop {
            match chars.next() {
                Some(',') => {
                    out.push(Param {
                        text: text.trim().to_string(),
                        quoted,
                    });
                    break;
                }
                Some('"') => return None,
                Some(c) => text.push(c),
                None => {
                    out.push(Param {
                        text: text.trim().to_string(),
                        quoted,
                    });
                    return Some(out);
                }
            }
        }
    }
}

/// A parameter list with typed access; every failure maps to an `ERROR=<code>`.
#[derive(Clone, Debug)]
pub struct Params(pub Vec<Param>);

/// Why a parameter was refused: the module's error code.
pub type Code = u16;

/// `ERROR=101`: a length is wrong.
pub const LENGTH: Code = 101;
/// `ERROR=102`: not allowed in this state or mode.
pub const STATE: Code = 102;
/// `ERROR=103`: a value is invalid.
pub const INVALID: Code = 103;
/// `ERROR=104`: unknown or malformed command.
pub const COMMAND: Code = 104;
/// `ERROR=201`: no server answered.
pub const NO_SERVER: Code = 201;
/// `ERROR=203`: MQTT could not connect.
pub const MQTT_FAILED: Code = 203;

impl Params {
    /// Parses the text after `=`; malformed quoting is `ERROR=104`.
    pub fn parse(args: &str) -> Result<Params, Code> {
        split_params(args).map(Params).ok_or(COMMAND)
    }

    /// How many parameters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Requires a count within `min..=max` (`ERROR=104` otherwise).
    pub fn count(&self, min: usize, max: usize) -> Result<(), Code> {
        if (min..=max).contains(&self.len()) {
            Ok(())
        } else {
            Err(COMMAND)
        }
    }

    /// Parameter `i` as text of at most `max` bytes (`ERROR=101` if longer).
    pub fn text(&self, i: usize, max: usize) -> Result<String, Code> {
        let p = self.0.get(i).ok_or(COMMAND)?;
        if p.text.len() > max {
            return Err(LENGTH);
        }
        Ok(p.text.clone())
    }

    /// Parameter `i` as a number within `range` (`ERROR=103` otherwise).
    pub fn num(&self, i: usize, range: std::ops::RangeInclusive<u32>) -> Result<u32, Code> {
        let p = self.0.get(i).ok_or(COMMAND)?;
        let n: u32 = p.text.parse().map_err(|_| INVALID)?;
        if range.contains(&n) {
            Ok(n)
        } else {
            Err(INVALID)
        }
    }

    /// Parameter `i` as a length within `range` (`ERROR=101` when out of range, `103` when
    /// not a number).
    pub fn length(&self, i: usize, range: std::ops::RangeInclusive<u32>) -> Result<usize, Code> {
        let p = self.0.get(i).ok_or(COMMAND)?;
        let n: u32 = p.text.parse().map_err(|_| INVALID)?;
        if range.contains(&n) {
            Ok(n as usize)
        } else {
            Err(LENGTH)
        }
    }

    /// Parameter `i` as a port number.
    pub fn port(&self, i: usize) -> Result<u16, Code> {
        self.num(i, 0..=65_535).map(|n| n as u16)
    }

    /// Parameter `i` as `0`/`1`.
    pub fn flag(&self, i: usize) -> Result<u8, Code> {
        self.num(i, 0..=1).map(|n| n as u8)
    }

    /// Whether parameter `i` is present and not empty.
    pub fn has(&self, i: usize) -> bool {
        self.0
            .get(i)
            .is_some_and(|p| !p.text.is_empty() || p.quoted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(args: &str) -> Vec<String> {
        split_params(args)
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn lines() {
        assert_eq!(parse_line("AT"), Some(Parsed::At));
        assert_eq!(parse_line("ATE0"), Some(Parsed::Echo("0".into())));
        assert_eq!(parse_line("AT+GMR"), Some(Parsed::Exec("GMR".into())));
        assert_eq!(parse_line("AT+IPR?"), Some(Parsed::Query("IPR".into())));
        assert_eq!(
            parse_line("AT+QISEND=3,10"),
            Some(Parsed::Set("QISEND".into(), "3,10".into()))
        );
        assert_eq!(parse_line("at+gmr"), None);
        assert_eq!(parse_line("AT+gmr"), None);
        assert_eq!(parse_line("AT+GMR?x"), None);
        assert_eq!(parse_line("AX"), None);
    }

    #[test]
    fn mixed_quoting_of_the_manual() {
        assert_eq!(
            texts("\"CT11\",\"MQTT1\",\"123456\",0,1,QQQ,123456"),
            ["CT11", "MQTT1", "123456", "0", "1", "QQQ", "123456"]
        );
        assert_eq!(texts("\"a,b\",2"), ["a,b", "2"]);
        assert_eq!(texts("3,"), ["3", ""]);
        assert!(split_params("\"open").is_none());
        assert!(split_params("\"a\"b").is_none());
        assert!(split_params("a\"b").is_none());
    }

    #[test]
    fn typed_access_and_codes() {
        let p = Params::parse("\"TCP\",70000,abc,2000").unwrap();
        assert_eq!(p.text(0, 3), Ok("TCP".into()));
        assert_eq!(p.text(0, 2), Err(LENGTH));
        assert_eq!(p.port(1), Err(INVALID));
        assert_eq!(p.num(2, 0..=1), Err(INVALID));
        assert_eq!(p.length(3, 1..=1024), Err(LENGTH));
        assert_eq!(p.num(9, 0..=1), Err(COMMAND));
    }
}
