//! TLS client settings (rustls with the pure-Rust `ring` provider) shared by the online
//! simulated module and the delivery proof.
//!
//! The module's rule (manual 6.6 `MQTTCERTIFI`, 6.7 `HTTPCERTIFI`): with checking on, the
//! server is verified against exactly the uploaded bytes as the only root; with checking off,
//! TLS is used without verification. A certificate that does not parse (truncated, not PEM or
//! DER) leaves no root, so every server fails verification, as on the module.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// How a client checks the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsCheck {
    /// Encrypt, but accept any server certificate (checking off).
    NoVerify,
    /// Accept only a server whose chain ends at one of the certificates in these bytes (PEM or
    /// DER): the uploaded certificate as the only root.
    Ca(Vec<u8>),
}

/// Why a TLS configuration could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    /// The bytes hold no certificate a verifier can use as a root.
    #[error("the uploaded certificate is not a usable CA certificate ({0})")]
    NoRoot(String),
    /// rustls refused the settings.
    #[error("TLS setup failed: {0}")]
    Rustls(String),
}

/// The provider every configuration here uses: `ring`, no C toolchain needed.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The certificates in `bytes`: every PEM `CERTIFICATE` block, or the bytes as one DER
/// certificate when there is no PEM block.
pub fn certificates(bytes: &[u8]) -> Vec<CertificateDer<'static>> {
    let pem: Vec<_> = CertificateDer::pem_slice_iter(bytes)
        .filter_map(Result::ok)
        .collect();
    if !pem.is_empty() || bytes.starts_with(b"-----") {
        return pem;
    }
    if bytes.first() == Some(&0x30) {
        return vec![CertificateDer::from(bytes.to_vec())];
    }
    Vec::new()
}

/// A client configuration that checks as `check` says.
pub fn client_config(check: &TlsCheck) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;
    let config = match check {
        TlsCheck::NoVerify => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(
                provider.signature_verification_algorithms,
            )))
            .with_no_client_auth(),
        TlsCheck::Ca(bytes) => {
            let mut roots = RootCertStore::empty();
            let mut last_error = String::from("no certificate found in the file");
            for cert in certificates(bytes) {
                if let Err(e) = roots.add(cert) {
                    last_error = e.to_string();
                }
            }
            if roots.is_empty() {
                return Err(TlsSetupError::NoRoot(last_error));
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    Ok(Arc::new(config))
}

/// The server name to check for `host` (a DNS name or an IP address).
pub fn server_name(host: &str) -> Result<ServerName<'static>, TlsSetupError> {
    ServerName::try_from(
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
    )
    .map_err(|e| TlsSetupError::Rustls(e.to_string()))
}

/// Checking off: any certificate is accepted, but the handshake signatures are still checked
/// (they prove the server holds the key of the certificate it sent).
#[derive(Debug)]
struct AcceptAny(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// Whether an error text from a TLS stack says the server's certificate was refused (as
/// opposed to the network failing).
pub fn is_certificate_error(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "certificate",
        "unknownissuer",
        "unknown issuer",
        "expired",
        "notvalidforname",
        "badsignature",
        "no root",
    ]
    .iter()
    .any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_truncated_give_no_root() {
        assert!(matches!(
            client_config(&TlsCheck::Ca(b"hello".to_vec())),
            Err(TlsSetupError::NoRoot(_))
        ));
        let truncated = b"-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n".to_vec();
        assert!(client_config(&TlsCheck::Ca(truncated)).is_err());
        assert!(client_config(&TlsCheck::NoVerify).is_ok());
    }
}
