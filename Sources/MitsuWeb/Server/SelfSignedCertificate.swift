import Crypto
import Foundation
import MitsuCore
import SwiftASN1
import X509

/// The HTTPS certificate: created once per install and kept in the data directory, so a returning
/// scanner sees the same certificate (a new one on every restart is a honeypot tell). Its subject looks
/// like an ordinary small-business server: CN = the persona host name, O = a plausible company.
public enum SelfSignedCertificate {
    public struct Material: Sendable {
        public var certificatePEM: String
        public var privateKeyPEM: String
    }

    static let organizations = [
        "Northwind Logistics GmbH", "Brightline Media Ltd", "Kestrel Data Services", "Harbor View Dental",
        "Alpine Web Solutions", "Meridian Consulting LLC", "Bluewater Hosting", "Oakridge Accounting",
    ]

    /// Loads `DIR/cert.pem` and `DIR/key.pem`, creating them first when missing.
    public static func loadOrCreate(directory: String, hostname: String, organization: String?, seed: [UInt8]) throws -> Material {
        let certPath = directory + "/cert.pem", keyPath = directory + "/key.pem"
        let fm = FileManager.default
        if let c = fm.contents(atPath: certPath), let k = fm.contents(atPath: keyPath) {
            return Material(certificatePEM: String(decoding: c, as: UTF8.self), privateKeyPEM: String(decoding: k, as: UTF8.self))
        }
        var rng = SplitMix64(seed: seed)
        let org = organization ?? organizations[Int(rng.next() % UInt64(organizations.count))]
        let m = try make(hostname: hostname, organization: org, now: Date())
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard fm.createFile(atPath: keyPath, contents: Data(m.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600]),
              fm.createFile(atPath: certPath, contents: Data(m.certificatePEM.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return m
    }

    public static func make(hostname: String, organization: String, now: Date) throws -> Material {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CountryName("US")
            OrganizationName(organization)
            CommonName(hostname)
        }
        // Backdated like a certificate made when the server was set up, valid for ten years (as
        // `make-ssl-cert` does).
        let notBefore = now.addingTimeInterval(-Double(40 + Int.random(in: 0..<300)) * 86_400)
        let cert = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: .init(key.publicKey),
            notValidBefore: notBefore,
            notValidAfter: notBefore.addingTimeInterval(3650 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                SubjectAlternativeNames([.dnsName(hostname)])
            },
            issuerPrivateKey: .init(key)
        )
        return Material(certificatePEM: try cert.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }
}
