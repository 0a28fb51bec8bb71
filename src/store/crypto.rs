//! Key derivation and the file's plaintext header.
//!
//! A dossier is a SQLCipher database opened with a *raw* 256-bit key derived from the
//! passphrase with Argon2id, so SQLCipher's own PBKDF2 is not used. SQLCipher keeps the
//! 16-byte database salt in clear at the very start of the file; we choose those bytes, and
//! they double as our header:
//!
//! | bytes | content |
//! |---|---|
//! | 0..3  | magic `GRF` |
//! | 3     | header version (1) |
//! | 4     | KDF algorithm (1 = Argon2id v0x13) |
//! | 5     | log2 of the Argon2 memory cost in KiB |
//! | 6     | Argon2 time cost (passes) |
//! | 7     | Argon2 parallelism |
//! | 8..16 | random, per file |
//!
//! The whole 16 bytes are the Argon2 salt, so the KDF parameters are authenticated by the
//! key itself: a tampered header derives a wrong key and the file does not open. Raising
//! the parameters later is a rewrite of the file with a new header (as a passphrase change
//! does), never an in-place edit.

use zeroize::{Zeroize, Zeroizing};

pub const MAGIC: &[u8; 3] = b"GRF";
pub const HEADER_VERSION: u8 = 1;
pub const HEADER_LEN: usize = 16;
const KDF_ARGON2ID: u8 = 1;

/// Argon2id cost parameters, as recorded in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    pub m_cost_log2_kib: u8,
    pub t_cost: u8,
    pub p_cost: u8,
}

impl KdfParams {
    /// The default for new dossiers: 128 MiB, 4 passes, 1 lane (`cargo bench`: about a third
    /// of a second on the 2-core reference machine, more on a modest laptop; see README).
    pub const INTERACTIVE: KdfParams = KdfParams { m_cost_log2_kib: 17, t_cost: 4, p_cost: 1 };

    /// Deliberately weak: only for tests that open dossiers hundreds of times.
    #[doc(hidden)]
    pub const INSECURE_FAST_FOR_TESTS: KdfParams = KdfParams { m_cost_log2_kib: 3, t_cost: 1, p_cost: 1 };

    /// Bounds accepted when reading a header: anything outside is not ours (and a huge
    /// memory cost would be a denial of service).
    fn is_plausible(&self) -> bool {
        (3..=22).contains(&self.m_cost_log2_kib) && (1..=16).contains(&self.t_cost) && (1..=8).contains(&self.p_cost)
    }

    pub fn memory_kib(&self) -> u32 {
        1u32 << self.m_cost_log2_kib
    }
}

/// The parsed 16-byte header (= the SQLCipher salt).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub kdf: KdfParams,
    bytes: [u8; HEADER_LEN],
}

/// Why a header was refused; the caller turns it into a `NotADossier` message.
#[derive(Debug, PartialEq, Eq)]
pub enum HeaderError {
    TooShort,
    BadMagic { looks_like: Option<&'static str> },
    UnknownVersion(u8),
    UnknownKdf,
}

impl HeaderError {
    pub fn reason_fr(&self) -> String {
        match self {
            HeaderError::TooShort => "le fichier est vide ou trop court".into(),
            HeaderError::BadMagic { looks_like: Some(kind) } => format!("c'est {kind}"),
            HeaderError::BadMagic { looks_like: None } => "son en-tête n'est pas celui d'un dossier Greffier".into(),
            HeaderError::UnknownVersion(v) => {
                format!("en-tête de version {v} inconnue (fichier d'une version plus récente ?)")
            }
            HeaderError::UnknownKdf => "paramètres de chiffrement inconnus ou hors limites".into(),
        }
    }
}

impl Header {
    pub fn new(kdf: KdfParams) -> Header {
        let mut bytes = [0u8; HEADER_LEN];
        bytes[..3].copy_from_slice(MAGIC);
        bytes[3] = HEADER_VERSION;
        bytes[4] = KDF_ARGON2ID;
        bytes[5] = kdf.m_cost_log2_kib;
        bytes[6] = kdf.t_cost;
        bytes[7] = kdf.p_cost;
        getrandom::fill(&mut bytes[8..]).expect("the operating system's random source failed");
        Header { kdf, bytes }
    }

    pub fn parse(raw: &[u8]) -> Result<Header, HeaderError> {
        if raw.len() < HEADER_LEN {
            return Err(HeaderError::TooShort);
        }
        if &raw[..3] != MAGIC {
            return Err(HeaderError::BadMagic { looks_like: sniff(raw) });
        }
        if raw[3] != HEADER_VERSION {
            return Err(HeaderError::UnknownVersion(raw[3]));
        }
        let kdf = KdfParams { m_cost_log2_kib: raw[5], t_cost: raw[6], p_cost: raw[7] };
        if raw[4] != KDF_ARGON2ID || !kdf.is_plausible() {
            return Err(HeaderError::UnknownKdf);
        }
        let mut bytes = [0u8; HEADER_LEN];
        bytes.copy_from_slice(&raw[..HEADER_LEN]);
        Ok(Header { kdf, bytes })
    }

    pub fn bytes(&self) -> &[u8; HEADER_LEN] {
        &self.bytes
    }

    /// Derives the 256-bit database key. Slow by design (see [`KdfParams::INTERACTIVE`]).
    pub fn derive_key(&self, passphrase: &Passphrase) -> Key {
        let params =
            argon2::Params::new(self.kdf.memory_kib(), self.kdf.t_cost.into(), self.kdf.p_cost.into(), Some(32))
                .expect("plausible parameters were checked when the header was built or parsed");
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase.as_bytes(), &self.bytes, key.as_mut())
            .expect("output length and salt length are valid for Argon2");
        Key(key)
    }
}

/// Recognises common file kinds, to tell the user what they picked instead.
fn sniff(raw: &[u8]) -> Option<&'static str> {
    let starts = |p: &[u8]| raw.starts_with(p);
    if starts(b"SQLite format 3\0") {
        Some("une base SQLite non chiffrée")
    } else if starts(b"%PDF") {
        Some("un document PDF")
    } else if starts(b"PK\x03\x04") {
        Some("une archive ZIP ou un document bureautique (ODS, XLSX, DOCX…)")
    } else if raw.iter().take(64).find(|b| !b.is_ascii_whitespace()).is_some_and(|b| *b == b'{' || *b == b'[') {
        Some("un fichier JSON (utilisez « importer » pour un export JSON)")
    } else {
        None
    }
}

/// Waits, once per process, until SQLCipher has finished its global initialisation.
///
/// SQLite marks itself initialised before it runs SQLCipher's extra init, and that init
/// releases its mutex before registering `sqlcipher_export`; a thread that opens its first
/// connection meanwhile gets a connection whose `PRAGMA key` fails or that lacks
/// `sqlcipher_export` (seen as rare failures when tests open dossiers in parallel at
/// start-up). Every connection the store opens calls this first.
pub(crate) fn sqlcipher_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        // SAFETY: sqlite3_initialize is safe to call at any time, from any thread.
        unsafe {
            rusqlite::ffi::sqlite3_initialize();
        }
        // The auto-extension is the last step of SQLCipher's init: once a new connection
        // has the function, the init is complete (whichever thread started it).
        for _ in 0..5000 {
            let ready = rusqlite::Connection::open_in_memory()
                .map(|c| c.prepare("SELECT sqlcipher_export('main')").is_ok())
                .unwrap_or(false);
            if ready {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}

/// A passphrase, wiped from memory when dropped.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub const MIN_CHARS: usize = 8;

    pub fn new(s: impl Into<String>) -> Passphrase {
        Passphrase(Zeroizing::new(s.into()))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl From<String> for Passphrase {
    fn from(s: String) -> Self {
        Passphrase::new(s)
    }
}

impl From<&str> for Passphrase {
    fn from(s: &str) -> Self {
        Passphrase::new(s)
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// The derived database key, wiped from memory when dropped. Never leaves the core.
pub struct Key(Zeroizing<[u8; 32]>);

impl Key {
    /// The `PRAGMA key` / `ATTACH … KEY` literal: raw key followed by the salt, so SQLCipher
    /// skips its own KDF and writes our header as the database salt.
    pub(crate) fn sql_literal(&self, header: &Header) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(100));
        s.push_str("x'");
        for b in self.0.iter().chain(header.bytes().iter()) {
            let mut hex = format!("{b:02X}");
            s.push_str(&hex);
            hex.zeroize();
        }
        s.push('\'');
        s
    }

    pub(crate) fn ct_eq(&self, other: &Key) -> bool {
        self.0.iter().zip(other.0.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip_and_randomness() {
        let a = Header::new(KdfParams::INTERACTIVE);
        let b = Header::new(KdfParams::INTERACTIVE);
        assert_eq!(Header::parse(a.bytes()).unwrap(), a);
        assert_ne!(a.bytes()[8..], b.bytes()[8..], "per-file random part");
        assert_eq!(a.kdf, KdfParams::INTERACTIVE);
    }

    #[test]
    fn header_rejects_foreign_and_hostile_bytes() {
        assert_eq!(Header::parse(b"GRF"), Err(HeaderError::TooShort));
        assert!(matches!(Header::parse(b"SQLite format 3\0xxxx"), Err(HeaderError::BadMagic { looks_like: Some(_) })));
        assert!(matches!(Header::parse(b"%PDF-1.7 blah blah blah"), Err(HeaderError::BadMagic { .. })));
        let mut h = *Header::new(KdfParams::INTERACTIVE).bytes();
        h[3] = 9;
        assert_eq!(Header::parse(&h), Err(HeaderError::UnknownVersion(9)));
        let mut h = *Header::new(KdfParams::INTERACTIVE).bytes();
        h[5] = 40; // 2^40 KiB of memory: refused, not attempted
        assert_eq!(Header::parse(&h), Err(HeaderError::UnknownKdf));
    }

    #[test]
    fn key_depends_on_passphrase_and_header() {
        let h = Header::new(KdfParams::INSECURE_FAST_FOR_TESTS);
        let k1 = h.derive_key(&"correct horse".into());
        let k2 = h.derive_key(&"correct horse".into());
        let k3 = h.derive_key(&"correct horsf".into());
        assert!(k1.ct_eq(&k2));
        assert!(!k1.ct_eq(&k3));
        let other = Header::new(KdfParams::INSECURE_FAST_FOR_TESTS);
        assert!(!k1.ct_eq(&other.derive_key(&"correct horse".into())));
        let lit = k1.sql_literal(&h);
        assert_eq!(lit.len(), 2 + 96 + 1);
        assert!(lit.ends_with(&format!("{:02X}'", h.bytes()[15])));
    }
}
