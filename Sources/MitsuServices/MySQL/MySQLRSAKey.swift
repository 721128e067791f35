import _CryptoExtras
import Foundation

extension MySQLSession.KeyExchange {
    /// A fresh 2048-bit RSA key (per worker start), as a MySQL 8 server keeps for caching_sha2_password:
    /// clients without TLS ask for its public half and send the password encrypted with RSA-OAEP, which
    /// the honeypot decrypts to the clear text.
    public static func generate() -> MySQLSession.KeyExchange? {
        guard let key = try? _RSA.Encryption.PrivateKey(keySize: .bits2048) else { return nil }
        let box = KeyBox(key)
        return MySQLSession.KeyExchange(publicKeyPEM: key.publicKey.pemRepresentation) { blob in
            (try? box.key.decrypt(blob, padding: .PKCS1_OAEP)).map { Array($0) }
        }
    }
}

/// The key is immutable after creation and BoringSSL's RSA decryption does not mutate it, so sessions on
/// several event loops may share it.
private final class KeyBox: @unchecked Sendable {
    let key: _RSA.Encryption.PrivateKey
    init(_ key: _RSA.Encryption.PrivateKey) { self.key = key }
}
