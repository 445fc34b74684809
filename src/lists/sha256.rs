//! SHA-256 (FIPS 180-4, section 6.2) of a short text, as lower-case hex: what the ad platforms' customer-match
//! uploads expect of a normalised e-mail, phone or name.
//!
//! The hash itself is the `sha2` crate's (RustCrypto, pure Rust, the same code natively and in
//! WebAssembly); checked here against the FIPS 180-4 example messages ("abc", the 448-bit two-block
//! message), the one-million-`a` vector of the NIST test suite and padding edges (see the tests).

use sha2::{Digest, Sha256};

/// The digest of `data`.
pub fn digest(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// The digest of `text` (its UTF-8 bytes) as 64 lower-case hex digits.
pub fn hex(text: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in digest(text.as_bytes()) {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fips_180_4_examples() {
        // FIPS 180-4 example messages, digests from NIST's "SHA256.pdf" (Cryptographic Standards and
        // Guidelines, examples with intermediate values): one block, two blocks.
        assert_eq!(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        // The empty message (NIST CAVP SHA256ShortMsg, Len = 0).
        assert_eq!(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // One million 'a' (NIST's long-message vector; also in RFC 6234, section 8.5).
        assert_eq!(hex(&"a".repeat(1_000_000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    #[test]
    fn padding_edges() {
        // 55, 56 and 64 bytes: one block, two blocks, a full block and a padding block. Digests from
        // `printf %s … | sha256sum` (GNU coreutils 9.1).
        assert_eq!(hex(&"a".repeat(55)), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
        assert_eq!(hex(&"a".repeat(56)), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
        assert_eq!(hex(&"a".repeat(64)), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    }
}
