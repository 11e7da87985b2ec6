//! Certificate files as users pick them, against fixtures made with OpenSSL
//! (`tests/fixtures/certs/generate.sh`).

use ct11_configurator::cert::{CertError, CertFile, MAX_CERT_BYTES, PemFault, Validity};
use ct11_configurator::i18n::Lang;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/certs")
        .join(name)
}

fn load(name: &str) -> CertFile {
    CertFile::load(&fixture(name)).unwrap()
}

#[test]
fn a_pem_ca_certificate_is_ready_to_upload() {
    let f = load("ca.pem");
    assert_eq!(f.name, "ca.pem");
    assert!(f.is_pem);
    assert!(f.fits());
    assert!(f.is_ok(), "{:?}", f.problems());
    assert_eq!(f.certificate_count, 1);
    assert_eq!(
        f.subject(),
        Some("C=CN, O=CT11 Configurator Tests, CN=CT11 Test CA")
    );
    assert!(f.certificates[0].self_signed());
    // Generated for 20 years: valid for a long while yet.
    let v = f.certificates[0].validity_at(ct11_configurator::cert::details::now_unix());
    assert!(
        matches!(v, Validity::Valid { days_left, .. } if days_left > 365),
        "{v:?}"
    );
}

#[test]
fn upload_bytes_are_the_file_bytes() {
    for name in ["ca.pem", "ca-crlf.pem", "cert-2048.pem", "chain.pem"] {
        let on_disk = std::fs::read(fixture(name)).unwrap();
        let f = load(name);
        assert_eq!(f.bytes(), &on_disk[..], "{name}");
        assert_eq!(f.size(), on_disk.len(), "{name}");
    }
}

#[test]
fn exactly_2048_bytes_fits_and_2049_does_not() {
    let at = load("cert-2048.pem");
    assert_eq!(at.size(), MAX_CERT_BYTES);
    assert!(at.fits());
    assert!(at.is_pem);
    assert!(at.is_ok(), "{:?}", at.problems());
    assert!(at.subject().unwrap().contains("CN=Exactly at the limit"));

    let over = load("cert-2049.pem");
    assert_eq!(over.size(), 2049);
    assert!(!over.fits());
    assert!(over.is_pem, "still PEM, only too large");
    assert_eq!(
        over.problems(),
        &[CertError::TooLarge {
            size: 2049,
            certificates: 1,
            crlf: 0
        }]
    );
    let en = over.problems()[0].message(Lang::En);
    assert!(
        en.contains("2049 bytes: 1 byte over the module's 2048-byte limit"),
        "{en}"
    );
    let zh = over.problems()[0].message(Lang::Zh);
    assert!(zh.contains("超出模块 2048 字节上限 1 字节"), "{zh}");
}

#[test]
fn der_is_binary_and_the_fix_names_the_file() {
    let f = load("ca.der");
    assert!(!f.is_pem);
    assert!(f.fits());
    assert_eq!(
        f.problems(),
        &[CertError::Binary {
            der_certificate: true,
            file_name: "ca.der".into()
        }]
    );
    // The subject is still shown, so the user knows the conversion is worth it.
    assert_eq!(
        f.subject(),
        Some("C=CN, O=CT11 Configurator Tests, CN=CT11 Test CA")
    );
    let msg = f.problems()[0].message(Lang::En);
    assert!(
        msg.contains("openssl x509 -inform der -in \"ca.der\" -out \"ca.pem\""),
        "{msg}"
    );
    assert!(f.problems()[0].message(Lang::Zh).contains("DER"));
}

#[test]
fn empty_text_and_truncated_files() {
    assert_eq!(load("empty.pem").problems(), &[CertError::Empty]);
    let notes = load("notes.txt");
    assert!(!notes.is_pem);
    assert_eq!(notes.problems(), &[CertError::NotPem(PemFault::NoBlock)]);
    let cut = load("truncated.pem");
    assert!(!cut.is_pem);
    assert_eq!(
        cut.problems(),
        &[CertError::NotPem(PemFault::Unterminated {
            label: "CERTIFICATE".into()
        })]
    );
    for f in [load("empty.pem"), notes, cut] {
        for p in f.problems() {
            assert!(!p.message(Lang::En).is_empty());
            assert!(!p.message(Lang::Zh).is_empty());
        }
    }
}

#[test]
fn private_keys_are_refused() {
    let f = load("key.pem");
    assert!(f.is_pem);
    assert_eq!(f.problems(), &[CertError::PrivateKey]);
    assert!(f.problems()[0].message(Lang::En).contains("Never upload"));
}

#[test]
fn crlf_bom_chain_and_expired() {
    let crlf = load("ca-crlf.pem");
    assert!(crlf.is_pem && crlf.is_ok());
    assert_eq!(crlf.size(), load("ca.pem").size() + 13, "one CR per line");

    let bom = load("ca-bom.pem");
    assert!(!bom.is_pem);
    assert_eq!(
        bom.problems(),
        &[CertError::NonAscii {
            offset: 0,
            bom: true
        }]
    );
    assert!(bom.subject().is_some(), "details still read past the BOM");

    let chain = load("chain.pem");
    assert!(chain.is_ok());
    assert_eq!(chain.certificate_count, 2);
    assert!(chain.subject().unwrap().contains("CN=mqtt.example.com"));
    assert!(chain.certificates[1].self_signed());

    let expired = load("expired.pem");
    assert!(expired.is_ok(), "expiry is a warning, not a block");
    assert_eq!(expired.certificates[0].expiry_date(), "2021-01-01");
    let v = expired.certificates[0].validity_at(ct11_configurator::cert::details::now_unix());
    assert!(v.is_warning());
    assert!(v.words(Lang::En).contains("expired on 2021-01-01"));
}

#[test]
fn too_large_to_read_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pem");
    std::fs::write(&big, vec![b'A'; 300 * 1024]).unwrap();
    match CertFile::load(&big) {
        Err(CertError::TooLarge { size, .. }) => assert_eq!(size, 300 * 1024),
        other => panic!("{other:?}"),
    }
    match CertFile::load(&dir.path().join("missing.pem")) {
        Err(e @ CertError::Read { .. }) => {
            assert!(e.message(Lang::En).contains("Could not read"));
            assert!(e.message(Lang::Zh).contains("无法读取"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn crlf_hint_when_lf_would_fit() {
    // A 2049-byte LF file with CR added before each LF: LF endings would make it fit again.
    let lf = std::fs::read(fixture("cert-2048.pem")).unwrap();
    let mut crlf = Vec::new();
    for b in lf {
        if b == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(b);
    }
    let f = CertFile::from_bytes("windows.pem", crlf);
    assert!(f.is_pem);
    let msg = f.problems()[0].message(Lang::En);
    assert!(msg.contains("LF line endings"), "{msg}");
}
