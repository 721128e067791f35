import MitsuCore
@testable import MitsuServices

/// Shared fixtures of the service state-machine tests.
enum Fixture {
    static let endpoints = Endpoints(srcIP: "203.0.113.7", srcPort: 50123, destIP: "192.0.2.10", destPort: 21)

    static func context(_ honeypot: String, transport: String = "tcp") -> ServiceContext {
        ServiceContext(honeypot: honeypot, session: SessionID("0123456789ab") ?? .random(), endpoints: endpoints, transport: transport)
    }

    /// A storage closure that keeps what it was given, so tests can compare the bytes.
    final class MemoryStorage: @unchecked Sendable {
        var files: [[UInt8]] = []
        var storage: UploadStorage {
            { bytes in
                self.files.append(bytes)
                return StoredUpload(sha256: Digests.sha256(bytes), md5: Digests.md5(bytes), size: bytes.count)
            }
        }
    }

    static func text(_ outputs: [FTPOutput]) -> String {
        outputs.compactMap { o -> String? in
            switch o {
            case .send(let b), .sendAfter(let b, _): return String(decoding: b, as: UTF8.self)
            default: return nil
            }
        }.joined()
    }

    static func events(_ outputs: [FTPOutput]) -> [Event] {
        outputs.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    static func events(_ outputs: [ServiceOutput]) -> [Event] {
        outputs.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
    }

    static func sent(_ outputs: [ServiceOutput]) -> [UInt8] {
        outputs.flatMap { if case .send(let b) = $0 { return b } else { return [] } }
    }
}
