import Crypto
import Foundation
import NIOSSL
import X509

/// The dashboard's own HTTPS certificate (`dashboard.tls: true`): self-signed, made once and kept in
/// DATA/dashboard/ (key 0600), so the fingerprint an operator pinned or accepted stays the same across
/// restarts. Names localhost, which is what an SSH tunnel is usually opened to.
enum DashboardCertificate {
    static func loadOrCreate(directory: String) throws -> (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey) {
        let certPath = directory + "/tls-cert.pem", keyPath = directory + "/tls-key.pem"
        let fm = FileManager.default
        if !(fm.fileExists(atPath: certPath) && fm.fileExists(atPath: keyPath)) {
            let (certPEM, keyPEM) = try make(now: Date())
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard fm.createFile(atPath: keyPath, contents: Data(keyPEM.utf8), attributes: [.posixPermissions: 0o600]),
                  fm.createFile(atPath: certPath, contents: Data(certPEM.utf8), attributes: [.posixPermissions: 0o644]) else {
                throw CocoaError(.fileWriteUnknown)
            }
        }
        return (try NIOSSLCertificate(file: certPath, format: .pem), try NIOSSLPrivateKey(file: keyPath, format: .pem))
    }

    static func make(now: Date) throws -> (String, String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("Mitsu")
            CommonName("mitsu-dashboard")
        }
        let cert = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(3650 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                SubjectAlternativeNames([.dnsName("localhost")])
            },
            issuerPrivateKey: .init(key))
        return (try cert.serializeAsPEM().pemString, key.pemRepresentation)
    }
}
