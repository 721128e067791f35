#if canImport(MitsuCore)
import MitsuCore
#endif

/// What a request/response service session (MySQL, MSSQL) asks its NIO shell to do.
public enum ServiceOutput: Equatable, Sendable {
    case send([UInt8])
    case event(Event)
    case close
}

/// What `ServiceHandler` needs of a session.
protocol ServiceSession {
    var context: ServiceContext { get }
    func start() -> [ServiceOutput]
    mutating func receive(_ bytes: [UInt8]) -> [ServiceOutput]
    /// The client closed the connection: events for whatever was left half done.
    mutating func connectionClosed() -> [ServiceOutput]
}

extension ServiceSession {
    mutating func connectionClosed() -> [ServiceOutput] { [] }
}

enum Hex {
    static func string<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out += [digits[Int(b >> 4)], digits[Int(b & 0x0f)]] }
        return String(decoding: out, as: UTF8.self)
    }
}
